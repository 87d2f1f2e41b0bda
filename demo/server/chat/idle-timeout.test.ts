// The idle timeout on a real gateway and store, with the clock in the test's hands.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { startFakeOpenAi } from '../testing/fake-openai';
import { type TestGateway, type UpstreamStandIn, chat, payloadOf, readSse, startGateway, upstreamStandIn } from '../testing/test-support';

const MINUTE = 60_000;
let now = 1_700_000_000_000;
const clock = () => now;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function gateway(options: Parameters<typeof startGateway>[0] = {}) {
  const gw = await startGateway({ clock, sessionIdleMs: 30 * MINUTE, ...options });
  cleanup.push(() => gw.close());
  return gw;
}

async function open(gw: TestGateway) {
  const id = randomUUID();
  const { body } = await chat(gw, { platformConversationId: id, eventType: 'startSession' });
  return { id, token: body['token'] as string };
}

const closes = async (gw: TestGateway, token: string) =>
  (await readSse(gw, token, () => false, undefined, 300)).events.filter((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION').map((e) => payloadOf(e).reason);

describe('SESSION_IDLE_MINUTES', () => {
  it('closes a conversation whose visitor has not written for the limit, with reason Timeout (the demo bot answering)', async () => {
    const gw = await gateway();
    const quiet = await open(gw);
    const talking = await open(gw);
    now += 20 * MINUTE;
    expect((await chat(gw, { platformConversationId: talking.id, eventType: 'message', text: 'still here', messageId: 'm1' }, talking.token)).status).toBe(200);
    now += 10 * MINUTE - 1;
    expect(await gw.sweepIdle()).toEqual([]);
    now += 1;
    expect(await gw.sweepIdle()).toEqual([quiet.id]);
    expect(await gw.sweepIdle()).toEqual([]); // closed once
    expect(await closes(gw, quiet.token)).toEqual(['Timeout']);
    expect(await closes(gw, talking.token)).toEqual([]);
    expect(await chat(gw, { platformConversationId: quiet.id, eventType: 'message', text: 'hello?', messageId: 'm2' }, quiet.token)).toMatchObject({ status: 409 });
    now += 20 * MINUTE;
    expect(await gw.sweepIdle()).toEqual([talking.id]);
  });

  it('counts only the visitor: agent messages do not keep a conversation open (webhook agent)', async () => {
    const upstream: UpstreamStandIn = await upstreamStandIn();
    cleanup.push(() => upstream.close());
    const gw = await gateway({ upstream: { url: upstream.url, apiKey: 'k', botId: 'b', webhookSecret: Buffer.from('s') } });
    const c = await open(gw);
    now += 29 * MINUTE;
    const hook = await fetch(`${gw.url}/converse-webhook`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Webhook-Secret': 's' },
      body: JSON.stringify({ data: { eventType: 'sendMessage', platformConversationId: c.id, type: 'text', text: 'Anyone there?' } }),
    });
    expect(hook.status).toBe(200);
    now += MINUTE;
    expect(await gw.sweepIdle()).toEqual([c.id]);
    expect(await closes(gw, c.token)).toEqual(['Timeout']);
  });

  it('closes a conversation answered by an OpenAI-compatible agent, and its model is not asked again', async () => {
    const fake = await startFakeOpenAi({ tokenMs: 1 });
    cleanup.push(() => fake.close());
    const gw = await gateway({
      openai: { baseUrl: fake.url, model: 'm', apiKey: null, instructions: '', historyMessages: 20, historyChars: 16_000, timeoutMs: 2000 },
    });
    const c = await open(gw);
    expect((await chat(gw, { platformConversationId: c.id, eventType: 'message', text: 'hello', messageId: 'm1' }, c.token)).status).toBe(200);
    // The visitor's message and the agent's answer.
    await readSse(gw, c.token, (events) => events.filter((e) => e.event === 'CONVERSATION_MESSAGE').length === 2);
    now += 30 * MINUTE;
    expect(await gw.sweepIdle()).toEqual([c.id]);
    expect(await closes(gw, c.token)).toEqual(['Timeout']);
    expect(await chat(gw, { platformConversationId: c.id, eventType: 'message', text: 'hello?', messageId: 'm2' }, c.token)).toMatchObject({ status: 409 });
    expect(fake.received).toHaveLength(1);
  });

  it('closes each conversation once when several instances sweep one store at the same moment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-chat-idle-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const instances: TestGateway[] = [];
    // Opened one after the other: SQLite's migrations are not meant to race (PostgreSQL's take a lock).
    for (let i = 0; i < 3; i++) instances.push(await gateway({ dataDir, store: await createSqliteStore(join(dataDir, 'agent-chat.db')) }));
    const conversations = await Promise.all(Array.from({ length: 5 }, () => open(instances[0]!)));
    now += 31 * MINUTE;
    const swept = await Promise.all(instances.map((gw) => gw.sweepIdle()));
    expect(swept.flat().sort()).toEqual(conversations.map((c) => c.id).sort());
    for (const c of conversations) expect(await closes(instances[1]!, c.token)).toEqual(['Timeout']);
  });

  it('never closes anything with 0', async () => {
    const gw = await gateway({ sessionIdleMs: 0 });
    const c = await open(gw);
    now += 365 * 24 * 60 * MINUTE;
    expect(await gw.sweepIdle()).toEqual([]);
    expect((await gw.store.getConversation(c.id))?.status).toBe('open');
  });
});
