// The Export API answers byte for byte the same from SQLite and from PostgreSQL for the same data.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStore } from '../store/postgres/postgres-store';
import { seedConversations } from '../testing/seed';
import { createTestDatabase } from '../testing/test-database';
import type { Store } from '../store/store';
import { type TestGateway, startGateway } from '../testing/test-support';

const KEY = 'export-key';
const START = Date.UTC(2025, 0, 1) / 1000;
let sqlite: TestGateway;
let postgres: TestGateway;

/** The same conversations, reactions included, written through either store. */
async function seed(store: Store) {
  const seeded = await seedConversations(store, { count: 150, botName: 'support-bot', start: START * 1000, spanMs: 3_600_000, seed: 21 });
  await seedConversations(store, { count: 20, botName: 'other-bot', start: START * 1000, spanMs: 3_600_000, seed: 22 });
  for (const [i, c] of seeded.entries()) {
    if (i % 3) continue;
    await store.recordReaction({ conversationId: c.id, messageId: c.messageIds[2]!, reaction: i % 2 ? 'negative' : 'positive', at: c.createdAt + 5000 });
  }
}

beforeAll(async () => {
  const options = { exportApiKeys: [KEY], exportRate: { burst: 10_000, perMinute: 600_000 } };
  sqlite = await startGateway(options);
  postgres = await startGateway({ ...options, store: await createPostgresStore({ connectionString: await createTestDatabase(inject('postgresUrl')) }) });
  await Promise.all([seed(sqlite.store), seed(postgres.store)]);
}, 60_000);
afterAll(() => Promise.all([sqlite.close(), postgres.close()]));

/** Every page's body, as bytes, following cursors to the end. */
async function pages(gw: TestGateway, what: string, params: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({ ...params, ...(cursor && { cursor }) });
    const text: string = await (await fetch(`${gw.url}/conversations/export/v1/${what}?${query}`, { headers: { 'x-api-key': KEY } })).text();
    out.push(text);
    cursor = (JSON.parse(text) as { cursor: string | null }).cursor;
  } while (cursor);
  return out;
}

describe('Export API on SQLite and PostgreSQL', () => {
  const window = { start_time: String(START), end_time: String(START + 7200), bot_name: 'support-bot', per_page: '40' };
  it.each(['conversations', 'messages'])('returns identical %s pages', async (what) => {
    const [fromSqlite, fromPostgres] = await Promise.all([pages(sqlite, what, window), pages(postgres, what, window)]);
    expect(fromSqlite.length).toBeGreaterThan(3);
    expect(fromPostgres).toEqual(fromSqlite);
  });

  it('returns identical pages of one conversation\'s messages', async () => {
    const [first] = JSON.parse((await pages(sqlite, 'conversations', { ...window, per_page: '1' }))[0]!).data as { _id: string }[];
    const params = { ...window, conversation_id: first!._id, per_page: '2' };
    const [fromSqlite, fromPostgres] = await Promise.all([pages(sqlite, 'messages', params), pages(postgres, 'messages', params)]);
    expect(fromSqlite.length).toBeGreaterThan(1);
    expect(fromPostgres).toEqual(fromSqlite);
  });
});
