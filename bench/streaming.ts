// Streaming render cost in real Chromium: a reply of N tokens delivered at full speed through the
// real SSE path (a local server speaking PROTOCOL §2) into the built script-tag bundle. Reports
// main-thread time per token for N = 10, 1,000 and 5,000 (flat means O(1) work per token), long
// tasks over 50 ms, DOM mutations per token, and the time from the last token to the final paint;
// then the same words through deep-chat's streaming API in the same browser, for the ratios.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Page, chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';
import { serveWidget, sseEvent, textMessage } from './widget-page';

/** N tokens of Markdown-ish text. */
const words = (tokens: number) => Array.from({ length: tokens }, (_, i) => (i % 40 === 39 ? 'end.\n\n' : i % 9 === 0 ? '**word** ' : 'word '));

/** The whole reply as one SSE body: the tokens, then the final message. */
function reply(tokens: number): string {
  const parts = words(tokens).map((word, i) =>
    sseEvent('CONVERSATION_STREAMING_TOKEN', `t${i}`, {
      entryType: 'StreamingToken', id: `t${i}`,
      streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: 1, targetMessageIdentifier: 'final', token: { formatType: 'Text', text: word } },
    }),
  );
  return parts.join('') + textMessage('final', words(tokens).join(''), 'Chatbot', 1);
}

/** Serves deep-chat's browser bundle on a page whose handler streams `window.__tokens` through
 *  deep-chat's own streaming API, one `onResponse` per token, as an integration reading a stream would. */
async function servePeer(): Promise<{ url: string; close(): void }> {
  const bundle = readFileSync('node_modules/deep-chat/dist/deepChat.bundle.js');
  const page = `<!doctype html><html lang="en"><title>peer</title><body>
<script type="module" src="/deepChat.bundle.js"></script><deep-chat></deep-chat>
<script type="module">
  const chat = document.querySelector('deep-chat');
  chat.connect = { stream: true, handler: async (_body, signals) => {
    signals.onOpen();
    for (const text of window.__tokens) await signals.onResponse({ text });
    window.__lastTokenAt = Date.now();
    signals.onClose();
    requestAnimationFrame(() => setTimeout(() => (window.__paintedAt = Date.now())));
  } };
</script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/deepChat.bundle.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

interface Run {
  /** The element whose shadow root holds the chat: its mutations are counted. */
  host: string;
  /** Starts the reply; resolves once it is painted, with the time its last token was handed over. */
  play(page: Page): Promise<number>;
}

/** Main-thread time, long tasks and DOM mutations while one reply of `tokens` tokens streams. */
async function measure(page: Page, tokens: number, run: Run): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  await page.waitForFunction((host) => !!document.querySelector(host)?.shadowRoot, run.host);
  await page.evaluate((host) => {
    const w = window as unknown as { __mutations: number; __long: number[] };
    w.__mutations = 0;
    w.__long = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
    new MutationObserver((records) => (w.__mutations += records.length)).observe(document.querySelector(host)!.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
  }, run.host);
  const before = await taskTime();
  const lastTokenAt = await run.play(page);
  const after = await taskTime();
  const stats = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __mutations: number; __paintedAt: number };
    return { long: w.__long.filter((d) => d > 50).length, longest: Math.max(0, ...w.__long), mutations: w.__mutations, paintedAt: w.__paintedAt };
  });
  return {
    tokens,
    msPerToken: Number((((after - before) * 1000) / tokens).toFixed(3)),
    longTasksOver50ms: stats.long,
    longestTaskMs: Math.round(stats.longest),
    mutationsPerToken: Number((stats.mutations / tokens).toFixed(2)),
    lastTokenToPaintMs: stats.paintedAt - lastTokenAt,
  };
}

const SIZES = [10, 1000, 5000];
const browser = await launcher.launch(chromium);
const rows: Record<string, number>[] = [];
const peerRows: Record<string, number>[] = [];
try {
  for (const tokens of SIZES) {
    // agent-chat: the whole reply in one burst down the real SSE path into the script-tag bundle.
    let lastTokenAt = 0;
    const widget = await serveWidget((res) => {
      res.write(reply(tokens));
      lastTokenAt = Date.now();
    });
    const page = await browser.newPage();
    await page.goto(widget.url);
    rows.push(await measure(page, tokens, {
      host: '[data-agent-chat]',
      async play(p) {
        await p.evaluate(() => {
          const w = window as unknown as { __paintedAt: number };
          w.__paintedAt = 0;
          const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
          // The final message replaces the streaming bubble: stamp the paint after it lands.
          new MutationObserver(() => {
            if (!w.__paintedAt && root.querySelector('ol > li') && !root.querySelector('[aria-busy=true]')) requestAnimationFrame(() => setTimeout(() => (w.__paintedAt ||= Date.now())));
          }).observe(root, { subtree: true, childList: true, attributes: true });
          (window as unknown as { AgentChat: { open(): void } }).AgentChat.open();
        });
        await p.waitForFunction(() => (window as unknown as { __paintedAt: number }).__paintedAt > 0, undefined, { timeout: 60_000 });
        return lastTokenAt;
      },
    }));
    await page.close();
    widget.close();

    // deep-chat: the same words through its streaming API, in the same browser.
    const peer = await servePeer();
    const peerPage = await browser.newPage();
    await peerPage.goto(peer.url);
    peerRows.push(await measure(peerPage, tokens, {
      host: 'deep-chat',
      async play(p) {
        await p.evaluate((words) => {
          (window as unknown as { __tokens: string[] }).__tokens = words;
          (document.querySelector('deep-chat') as unknown as { submitUserMessage(m: { text: string }): void }).submitUserMessage({ text: 'go' });
        }, words(tokens));
        await p.waitForFunction(() => (window as unknown as { __paintedAt?: number }).__paintedAt! > 0, undefined, { timeout: 120_000 });
        return p.evaluate(() => (window as unknown as { __lastTokenAt: number }).__lastTokenAt);
      },
    }));
    await peerPage.close();
    peer.close();
  }
} finally {
  await browser.close();
}

console.log('\nStreaming render (Chromium, tokens at full speed): agent-chat through the real SSE path, deep-chat through its streaming API');
const table: Record<string, Record<string, number>> = {};
rows.forEach(({ tokens, ...rest }, i) => {
  table[`agent-chat, ${tokens} tokens`] = rest;
  const { tokens: _, ...peer } = peerRows[i]!;
  table[`deep-chat, ${tokens} tokens`] = peer;
});
console.table(table);
const ratio = (key: string, i: number) => (peerRows[i]![key]! / Math.max(rows[i]![key]!, 0.001)).toFixed(1);
SIZES.forEach((tokens, i) => console.log(`${tokens} tokens: deep-chat spends ${ratio('msPerToken', i)}× the main-thread time per token and makes ${ratio('mutationsPerToken', i)}× the DOM mutations per token.`));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/streaming.json', `${JSON.stringify({ agentChat: rows, deepChat: peerRows }, null, 2)}\n`);
const [, mid, big] = rows;
if (big!['longTasksOver50ms']! > 0) console.log('NOTE: long tasks over 50 ms during the 5,000-token reply (goal: 0).');
if (big!['msPerToken']! > mid!['msPerToken']! * 3) throw new Error('per-token cost grows with the reply: not O(1) per token');
console.log('OK: per-token cost stays flat.');
