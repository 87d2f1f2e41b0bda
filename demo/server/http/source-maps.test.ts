// Source maps are served only when asked for, and then named by a SourceMap header.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestGateway, startGateway } from '../testing/test-support';

let gw: TestGateway;
afterEach(async () => {
  await gw?.close();
});

describe('source maps', () => {
  function distWithMaps(dataDir: string) {
    mkdirSync(join(dataDir, 'dist', 'demo', 'assets'), { recursive: true });
    writeFileSync(join(dataDir, 'dist', 'agent-chat.js'), 'console.log(1)');
    writeFileSync(join(dataDir, 'dist', 'agent-chat.js.map'), '{"version":3}');
    writeFileSync(join(dataDir, 'dist', 'demo', 'assets', 'page.js.map'), '{"version":3}');
  }

  it('are not served unless asked for', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-maps-'));
    distWithMaps(dataDir);
    gw = await startGateway({ dataDir });
    const script = await fetch(`${gw.url}/agent-chat.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('SourceMap'), 'no map named when none is served').toBeNull();
    expect((await fetch(`${gw.url}/agent-chat.js.map`)).status).toBe(404);
    expect((await fetch(`${gw.url}/assets/page.js.map`)).status).toBe(404);
    await gw.close();
    gw = await startGateway({ dataDir, serveSourceMaps: true });
    // Developer tools find the map by this header: the file itself names none.
    expect((await fetch(`${gw.url}/agent-chat.js`)).headers.get('SourceMap')).toBe('agent-chat.js.map');
    expect((await fetch(`${gw.url}/agent-chat.js.map`)).status).toBe(200);
    expect((await fetch(`${gw.url}/assets/page.js.map`)).status).toBe(200);
    await gw.close();
    gw = undefined as unknown as TestGateway;
    rmSync(dataDir, { recursive: true, force: true });
  });
});
