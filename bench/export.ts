// Export API throughput and page cost: a 100,000-message store, pages of 1,000 messages. The
// time of page 100 must match page 1 (keyset pagination), not grow with the page number.
import { performance } from 'node:perf_hooks';
import { seedConversations } from '../demo/server/testing/seed';
import { startGateway } from '../demo/server/testing/test-support';
import { describeMachine, writeResults } from './results-file';

const machine = describeMachine();
const KEY = 'bench-key';
const START = Date.UTC(2025, 0, 1);
const gw = await startGateway({ exportApiKeys: [KEY], exportRate: { burst: 1_000_000, perMinute: 60_000_000 } });
try {
  const seedStarted = performance.now();
  const conversations = await seedConversations(gw.store, { count: 26_000, botName: 'support-bot', start: START, spanMs: 30 * 86_400_000, seed: 1 });
  const seedMs = performance.now() - seedStarted;
  const messages = conversations.reduce((n, c) => n + c.messageIds.length, 0);

  const timings: number[] = [];
  let cursor: string | null = null;
  let records = 0;
  const started = performance.now();
  do {
    const params = new URLSearchParams({ start_time: String(START / 1000), end_time: String(START / 1000 + 31 * 86_400), bot_name: 'support-bot', per_page: '1000' });
    if (cursor) params.set('cursor', cursor);
    const t0 = performance.now();
    const response = await fetch(`${gw.url}/conversations/export/v1/messages?${params}`, { headers: { 'x-api-key': KEY } });
    const body = (await response.json()) as { data: unknown[]; cursor: string | null };
    timings.push(performance.now() - t0);
    records += body.data.length;
    cursor = body.cursor;
  } while (cursor);
  const totalMs = performance.now() - started;

  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  // Pages 1 and 100, each as the median of its neighbourhood, so one GC pause does not decide.
  const page1 = median(timings.slice(0, 5));
  const page100 = median(timings.slice(97, 102));
  const result = {
    conversations: conversations.length, messages, seedMs: Math.round(seedMs), pages: timings.length, records,
    recordsPerSecond: Math.round(records / (totalMs / 1000)),
    page1Ms: Number(page1.toFixed(1)), page100Ms: Number(page100.toFixed(1)),
  };
  console.log('\nExport API, messages, pages of 1,000');
  console.table({ store: { messages, 'seed (ms)': result.seedMs }, export: { pages: result.pages, records, 'records/s': result.recordsPerSecond, 'page 1 (ms)': result.page1Ms, 'page 100 (ms)': result.page100Ms } });
  writeResults('export', { machine, ...result });
  if (records !== messages) throw new Error(`exported ${records} of ${messages} messages`);
  if (page100 > page1 * 2 + 5) throw new Error(`page 100 (${page100.toFixed(1)} ms) costs more than page 1 (${page1.toFixed(1)} ms): pagination is not flat`);
  console.log(`OK: ${result.recordsPerSecond.toLocaleString('en')} records/s; page 100 costs what page 1 does.`);
} finally {
  await gw.close();
}
