// The demo bot forgets a conversation's hand-off once the conversation ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from './bot';
import { createDemoBot } from './demo-bot';
import { createEventLog } from '../events/event-log';
import { createMemoryHub } from '../events/memory-hub';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import type { Store } from '../store/store';

let dir: string;
let store: Store;
let bot: Bot;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agent-chat-demo-bot-'));
  store = await createSqliteStore(join(dir, 'db.sqlite'));
  const log = createEventLog({ store, hub: createMemoryHub(), clock: Date.now, botName: 'support-bot' });
  bot = createDemoBot({ log, store, tokenDelayMs: 1, clock: Date.now, assetBase: 'http://localhost/' });
  await store.createConversation({ id: 'c', botName: 'support-bot', createdAt: 0, lastActionAt: 0, status: 'open', metadata: {}, welcomed: true });
});
afterEach(async () => {
  bot.dispose();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let next = 0;
const say = (text: string) => bot.receive({ platformConversationId: 'c', eventType: 'message', text, messageId: `m${++next}` });

/** Waits for the messages the bot stores, and returns the senders' roles in order. */
async function rolesOnceThere(count: number) {
  for (let i = 0; i < 400; i++) {
    const messages = await store.messagesOf(['c']);
    if (messages.length >= count) return messages.map((m) => m.role);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${count} messages`);
}

describe('the demo bot after a hand-off', () => {
  it('answers as the bot again once the visitor ended the conversation', async () => {
    await say('handoff');
    expect(await rolesOnceThere(2)).toEqual(['Chatbot', 'Agent']);
    await bot.receive({ platformConversationId: 'c', eventType: 'endSession' });
    await say('what does it cost?');
    expect((await rolesOnceThere(3))[2]).toBe('Chatbot');
  });

  it('answers as the bot again once the agent closed the conversation', async () => {
    await say('handoff');
    await rolesOnceThere(2);
    await say('end');
    expect(await rolesOnceThere(3)).toEqual(['Chatbot', 'Agent', 'Chatbot']);
    await say('what does it cost?');
    expect((await rolesOnceThere(4))[3]).toBe('Chatbot');
  });
});
