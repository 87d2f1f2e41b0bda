// A gateway of the spec's own, as a child process: for faults that need a process to kill, or a
// switch (GATEWAY_FAULTS) the shared gateway must not have.
import { type ChildProcess, spawn } from 'node:child_process';

/** The shared e2e gateway's port; specs with their own gateway take ports at fixed offsets from it. */
export const E2E_PORT = Number(process.env['E2E_PORT'] ?? 4319);

/** Resolves once the gateway listens; `output()` is what it printed so far. */
export async function startGateway(port: number, dataDir: string, env: Record<string, string> = {}): Promise<ChildProcess & { output(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_BOT_TOKEN_MS: '40', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  return Object.assign(child, { output: () => output });
}
