import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FaultPlan, createFaults, createStreamTap } from './faults';
import { type TestGateway, chat, readSse, startGateway } from './test-support';

describe('the fault switch', () => {
  it('cannot be turned on in production: the gateway refuses to start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-faults-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
        env: { ...process.env, GATEWAY_FAULTS: '1', NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/GATEWAY_FAULTS=1 is for tests only/);
      expect(run.stdout).not.toMatch(/listening/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('POST /__faults', () => {
  let gw: TestGateway;
  afterEach(() => gw.close());
  const arm = (plan: unknown) =>
    fetch(`${gw.url}/__faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(plan) });

  it('does not exist when the switch is off', async () => {
    gw = await startGateway();
    expect((await arm({ failPosts: 1 })).status).toBe(404);
  });

  it('refuses an unknown fault or a bad count', async () => {
    gw = await startGateway({ faults: createFaults() });
    expect((await arm({ failPost: 1 })).status).toBe(400);
    expect((await arm({ failPosts: -1 })).status).toBe(400);
    expect((await arm({ swapTokens: 'yes' })).status).toBe(400);
  });

  it('fails the next N Chat API posts with 503, then handles them again', async () => {
    gw = await startGateway({ faults: createFaults() });
    expect((await arm({ failPosts: 2 })).status).toBe(200);
    const body = { platformConversationId: randomUUID(), eventType: 'startSession' };
    expect((await chat(gw, body)).status).toBe(503);
    expect((await chat(gw, body)).status).toBe(503);
    expect(await chat(gw, body)).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('drops an answer after handling the message: the retry finds it stored, once', async () => {
    gw = await startGateway({ faults: createFaults() });
    const id = randomUUID();
    const { token } = (await chat(gw, { platformConversationId: id, eventType: 'startSession' })).body as { token: string };
    await arm({ dropAnswers: 1 });
    const message = { platformConversationId: id, eventType: 'message', text: 'hello', messageId: randomUUID() };
    const lost = await fetch(`${gw.url}/converse/chat`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(message),
      signal: AbortSignal.timeout(500),
    }).catch((e: Error) => e.name);
    expect(lost).toBe('TimeoutError');
    expect((await chat(gw, message, token)).status).toBe(200);
    const { events } = await readSse(gw, token, (events) => events.filter((e) => e.data.includes('"EndUser"')).length >= 1);
    expect(events.filter((e) => e.event === 'CONVERSATION_MESSAGE' && e.data.includes('"EndUser"'))).toHaveLength(1);
  });
});

describe('the event stream tap', () => {
  const token = (n: number) => `event: CONVERSATION_STREAMING_TOKEN\ndata: ${n}`;
  const tapWith = (plan: FaultPlan) => createStreamTap(() => plan);
  const blocks = (text: string) => text.split('\n\n').filter(Boolean);

  it('swaps tokens in pairs and sends a held one before anything else', () => {
    const tap = tapWith({ swapTokens: true });
    const out = [1, 2, 3].map((n) => tap(`${token(n)}\n\n`).text).join('') + tap('id: 9\nevent: CONVERSATION_MESSAGE\ndata: final\n\n').text;
    expect(blocks(out)).toEqual([token(2), token(1), token(3), 'id: 9\nevent: CONVERSATION_MESSAGE\ndata: final']);
  });

  it('sends every event twice, but not pings or the retry line', () => {
    const out = tapWith({ duplicateEvents: true })(`retry: 2000\n\nid: 1\nevent: CONVERSATION_MESSAGE\ndata: a\n\n: ping\n\n`).text;
    expect(blocks(out)).toEqual(['retry: 2000', 'id: 1\nevent: CONVERSATION_MESSAGE\ndata: a', 'id: 1\nevent: CONVERSATION_MESSAGE\ndata: a', ': ping']);
  });

  it('cuts after the K-th token, once', () => {
    const plan: FaultPlan = { cutAfterTokens: 2 };
    const tap = tapWith(plan);
    expect(tap(`${token(1)}\n\n`).cut).toBe(false);
    expect(tap(`${token(2)}\n\n${token(3)}\n\n`)).toEqual({ text: `${token(2)}\n\n`, cut: true });
    expect(tap(`${token(4)}\n\n`).cut).toBe(false);
  });
});
