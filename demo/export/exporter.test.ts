import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededConversation, seedConversations } from '../server/testing/seed';
import { type TestGateway, startGateway } from '../server/testing/test-support';
import { type ExportJob, runExport } from './exporter';

const KEY = 'cli-key';
const START = Date.UTC(2025, 2, 1) / 1000;

let gw: TestGateway;
let seeded: SeededConversation[];
let dir: string;
const fast = { paceMs: 0, sleep: () => Promise.resolve() };

beforeAll(async () => {
  gw = await startGateway({ exportApiKeys: [KEY], exportRate: { burst: 1000, perMinute: 60_000 } });
  seeded = await seedConversations(gw.store, { count: 2500, botName: 'support-bot', start: START * 1000, spanMs: 3_600_000, seed: 3 });
  dir = mkdtempSync(join(tmpdir(), 'agent-chat-export-'));
}, 60_000);
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (over: Partial<ExportJob> = {}): ExportJob => ({
  apiBase: gw.url, apiKey: KEY, bot: 'support-bot', from: START, to: START + 3600, out: join(dir, `out-${Math.random()}.jsonl`),
  format: 'jsonl', what: 'conversations', ...over,
});

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('runExport', () => {
  it('writes every conversation once as JSON lines', async () => {
    const target = job();
    const summary = await runExport(target, fast);
    expect(summary).toEqual({ records: 2500, pages: 3, resumed: false });
    const ids = lines(target.out).map((line) => JSON.parse(line)._id);
    expect(new Set(ids)).toEqual(new Set(seeded.map((c) => c.id)));
    expect(ids).toHaveLength(2500);
    expect(existsSync(`${target.out}.partial.json`)).toBe(false);
  });

  it('writes messages as CSV with a header and quoted cells', async () => {
    const target = job({ what: 'messages', format: 'csv', out: join(dir, 'messages.csv') });
    const summary = await runExport(target, fast);
    const rows = lines(target.out);
    expect(rows[0]).toBe('_id,time,conversationId,type,userInput,userActionType,outMsg');
    expect(summary.records).toBeGreaterThan(10_000);
    // Quick replies' steps hold a newline, so a record can span lines inside quotes: count records by id.
    expect(readFileSync(target.out, 'utf8')).toContain('"{""steps"":[{""text"":""Did that help?""}],""options"":[{""txt"":""Yes""},{""txt"":""No""}]}"');
  });

  it("`npm run export -- --what messages --conversation ID --per-page N` writes that conversation's messages only, N per request", async () => {
    const one = seeded.find((c) => c.messageIds.length >= 5)!;
    const out = join(dir, 'one.jsonl');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [
        '--import', 'tsx', 'demo/export/cli.ts', '--api-base', gw.url, '--bot', 'support-bot',
        '--from', new Date(START * 1000).toISOString(), '--to', new Date((START + 3600) * 1000).toISOString(),
        '--out', out, '--what', 'messages', '--conversation', one.id, '--per-page', '2',
      ], { env: { PATH: process.env['PATH'] ?? '', AGENT_CHAT_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pages = Math.ceil(one.messageIds.length / 2);
    expect(run.stdout).toContain(`Exported ${one.messageIds.length} messages in ${pages} pages to ${out}`);
    expect(lines(out).map((line) => JSON.parse(line)._id)).toEqual(one.messageIds);
  }, 30_000);

  it('resumes an interrupted export where it stopped, with every record exactly once', async () => {
    const target = job();
    let calls = 0;
    const flaky: typeof fetch = (input, init) => {
      calls++;
      if (calls === 3) return Promise.reject(new TypeError('connection reset'));
      return fetch(input, init);
    };
    await expect(runExport({ ...target, perPage: 500 }, { ...fast, fetch: flaky, maxAttempts: 1 })).rejects.toThrow(/Cannot reach .*connection reset/);
    expect(existsSync(`${target.out}.partial.json`)).toBe(true);
    expect(lines(target.out)).toHaveLength(1000);
    const summary = await runExport({ ...target, perPage: 500 }, fast);
    expect(summary).toMatchObject({ records: 2500, resumed: true });
    const ids = lines(target.out).map((line) => JSON.parse(line)._id);
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
  });

  it('waits out 429 (Retry-After) and retries server errors', async () => {
    const target = job();
    const waits: number[] = [];
    let calls = 0;
    const busy: typeof fetch = (input, init) => {
      calls++;
      if (calls === 1) return Promise.resolve(new Response('{"error":{"message":"slow down"}}', { status: 429, headers: { 'Retry-After': '2' } }));
      if (calls === 2) return Promise.resolve(new Response('{"error":{"message":"boom"}}', { status: 503 }));
      return fetch(input, init);
    };
    const summary = await runExport(target, { paceMs: 0, fetch: busy, sleep: async (ms) => void waits.push(ms) });
    expect(summary.records).toBe(2500);
    expect(waits.slice(0, 2)).toEqual([2000, 1000]);
  });

  it('stops with a clear message for a bad key', async () => {
    await expect(runExport(job({ apiKey: 'wrong' }), fast)).rejects.toThrow('The API key was refused (401): The x-api-key header is missing or not a valid key.');
  });

  it('stops with a clear message when the gateway cannot be reached', async () => {
    await expect(runExport(job({ apiBase: 'http://127.0.0.1:9' }), { ...fast, maxAttempts: 2 })).rejects.toThrow(/^Cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});
