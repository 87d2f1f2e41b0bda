// Streaming render cost in real Chromium: a reply of N tokens delivered at full speed through the
// real SSE path (a local server speaking PROTOCOL §2) into the built script-tag bundle. Reports
// main-thread time per token for N = 10, 1,000 and 5,000 (flat means O(1) work per token), long
// tasks over 50 ms, DOM mutations per token, and the time from the final message to its paint.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';
import { serveWidget, sseEvent, textMessage } from './widget-page';

/** The whole reply as one SSE body: N tokens of Markdown-ish text, then the final message. */
function reply(tokens: number): string {
  const words = Array.from({ length: tokens }, (_, i) => (i % 40 === 39 ? 'end.\n\n' : i % 9 === 0 ? '**word** ' : 'word '));
  const parts = words.map((word, i) =>
    sseEvent('CONVERSATION_STREAMING_TOKEN', `t${i}`, {
      entryType: 'StreamingToken', id: `t${i}`,
      streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: 1, targetMessageIdentifier: 'final', token: { formatType: 'Text', text: word } },
    }),
  );
  return parts.join('') + textMessage('final', words.join(''), 'Chatbot', 1);
}

const browser = await launcher.launch(chromium);
const rows: Record<string, number>[] = [];
try {
  for (const tokens of [10, 1000, 5000]) {
    let finalSentAt = 0;
    const widget = await serveWidget((res) => {
      res.write(reply(tokens));
      finalSentAt = Date.now();
    });
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[]; __mutations: number; __paintedAt: number };
      w.__long = [];
      w.__mutations = 0;
      w.__paintedAt = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
    await page.goto(widget.url);
    await page.waitForFunction(() => document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('[role=log]'));
    // Count DOM mutations in the transcript and stamp the paint after the final message lands.
    await page.evaluate(() => {
      const w = window as unknown as { __mutations: number; __paintedAt: number };
      const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
      new MutationObserver((records) => {
        w.__mutations += records.length;
        if (!w.__paintedAt && root.querySelector('ol > li') && !root.querySelector('[aria-busy]')) {
          requestAnimationFrame(() => setTimeout(() => (w.__paintedAt = Date.now())));
        }
      }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    // Only now start the conversation, so every token lands while the observers watch.
    const before = await taskTime();
    await page.evaluate(() => {
      // Long tasks of the page load (parsing the bundle) are not the stream's.
      (window as unknown as { __long: number[] }).__long.length = 0;
      (window as unknown as { AgentChat: { open(): void } }).AgentChat.open();
    });
    await page.waitForFunction(() => (window as unknown as { __paintedAt: number }).__paintedAt > 0, undefined, { timeout: 60_000 });
    const after = await taskTime();
    const stats = await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __mutations: number; __paintedAt: number };
      return { long: w.__long.filter((d) => d > 50).length, longest: Math.max(0, ...w.__long), mutations: w.__mutations, paintedAt: w.__paintedAt };
    });
    rows.push({
      tokens,
      msPerToken: Number((((after - before) * 1000) / tokens).toFixed(3)),
      longTasksOver50ms: stats.long,
      longestTaskMs: Math.round(stats.longest),
      mutationsPerToken: Number((stats.mutations / tokens).toFixed(2)),
      finalToPaintMs: stats.paintedAt - finalSentAt,
    });
    await page.close();
    widget.close();
  }
} finally {
  await browser.close();
}

console.log('\nStreaming render (real SSE path, Chromium, tokens at full speed)');
console.table(Object.fromEntries(rows.map(({ tokens, ...rest }) => [`${tokens} tokens`, rest])));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/streaming.json', `${JSON.stringify(rows, null, 2)}\n`);
const [, mid, big] = rows;
if (big!['longTasksOver50ms']! > 0) console.log('NOTE: long tasks over 50 ms during the 5,000-token reply (goal: 0).');
if (big!['msPerToken']! > mid!['msPerToken']! * 3) throw new Error('per-token cost grows with the reply: not O(1) per token');
console.log('OK: per-token cost stays flat.');
