// Streaming render cost in real Chromium: a reply of N tokens delivered at full speed through the
// real SSE path (a local server speaking PROTOCOL §2) into the built script-tag bundle. Reports
// main-thread time per token for N = 10, 1,000 and 5,000 (flat means O(1) work per token), long
// tasks over 50 ms, DOM mutations per token, and the time from the final message to its paint.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';

const BUNDLE = readFileSync('dist/agent-chat.js');
const CONVERSATION = crypto.randomUUID();

const envelope = (identifier: string, payload: object) =>
  JSON.stringify({
    channelPlatformKey: 'bench', channelType: 'embedded_messaging', channelAddressIdentifier: 'bench', conversationId: CONVERSATION,
    conversationEntry: {
      identifier, entryType: 'x', entryPayload: JSON.stringify(payload),
      sender: { role: 'Chatbot', appType: 'chatbot', subject: 'bot' }, senderDisplayName: 'Aria', transcriptedTimestamp: 1, clientTimestamp: 1,
    },
  });

/** The whole reply as one SSE body: N tokens of Markdown-ish text, then the final message. */
function reply(tokens: number): { body: string; text: string } {
  const words = Array.from({ length: tokens }, (_, i) => (i % 40 === 39 ? 'end.\n\n' : i % 9 === 0 ? '**word** ' : 'word '));
  const text = words.join('');
  const parts = words.map((word, i) =>
    `event: CONVERSATION_STREAMING_TOKEN\ndata: ${envelope(`t${i}`, {
      entryType: 'StreamingToken', id: `t${i}`,
      streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: 1, targetMessageIdentifier: 'final', token: { formatType: 'Text', text: word } },
    })}\n\n`,
  );
  parts.push(`id: 1\nevent: CONVERSATION_MESSAGE\ndata: ${envelope('f', {
    entryType: 'Message', id: 'final', abstractMessage: { messageType: 'StaticContentMessage', id: 'final', staticContent: { formatType: 'Text', text } },
  })}\n\n`);
  return { body: parts.join(''), text };
}

function serve(tokens: number): Promise<{ server: Server; url: string; finalSentAt: () => number }> {
  const { body } = reply(tokens);
  let finalSentAt = 0;
  let streams = 0;
  const server = createServer((req, res) => {
    if (req.url === '/agent-chat.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(BUNDLE);
    if (req.url === '/converse/chat') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"token":"t"}');
    if (req.url === '/eventrouter/v1/sse') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (streams++ > 0) return; // a reconnect waits
      res.write(body);
      finalSentAt = Date.now();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(
      '<!doctype html><html lang="en"><title>bench</title><body><script src="/agent-chat.js" data-api-base="/" data-agent-id="bench"></script></body></html>',
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, finalSentAt: () => finalSentAt })));
}

const browser = await launcher.launch(chromium);
const rows: Record<string, number>[] = [];
try {
  for (const tokens of [10, 1000, 5000]) {
    const { server, url, finalSentAt } = await serve(tokens);
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
    await page.goto(url);
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
      finalToPaintMs: stats.paintedAt - finalSentAt(),
    });
    await page.close();
    server.close();
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
