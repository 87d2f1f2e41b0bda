// The gateway as the benchmarks run it: its own process on a loopback port, and the Chat API
// spoken over plain node:http (fetch's pool would be part of what is measured).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Agent, request } from 'node:http';

/** Starts `demo/server/main.ts` on `port` with `env` added; resolves once it listens. */
export function startGateway(port: number, dataDir: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, RATE_LIMIT_PER_IP: '10000000', RATE_LIMIT_PER_CONVERSATION: '10000000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve(child));
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  });
}

/** One Chat API request; rejects on any status but 200, with the gateway's answer. */
export function postChat(base: string, agent: Agent, body: unknown, token?: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/converse/chat`, {
      method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`Chat API answered ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The process's resident memory now (`VmRSS`) or at its peak (`VmHWM`), in kB. */
export const memoryKb = (pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
