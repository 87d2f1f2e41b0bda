// Streaming in real Chromium: a reply of N tokens (N = 10, 1,000, 5,000) written in one burst, at
// full speed, into an event stream that is already open, for three readers:
//   - agent-chat: the built script-tag bundle, its panel open, reading its own SSE connection
//     (PROTOCOL §2: one CONVERSATION_STREAMING_TOKEN event per token, then the final message);
//   - a bare `fetch` reader on the same page, reading the same bytes: it splits events, decodes
//     each token's JSON and appends its text to one text node; the floor for those bytes;
//   - deep-chat, configured as its documentation says for a streaming endpoint
//     (`connect: { url, stream: true }`): its own fetch-based SSE client POSTs the visitor's
//     message and reads `data: {"text": …}` events, one per token, until the stream ends.
// For each: time from the burst's first byte written to the last token in the DOM, main-thread
// time per token, long tasks over 50 ms and DOM mutations per token, median of several runs.
// Fails when agent-chat misses DESIGN.md's streaming budgets: no long task at 5,000 tokens, time per
// token flat from 1,000 to 5,000 tokens (measured, O(1) per token), the last of 5,000 tokens on
// screen within 2× the bare reader's time.
import { readFileSync } from 'node:fs';
import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Browser, type Page, chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';
import { describeMachine, writeResults } from './results-file';
import { serveWidget, sseEvent, textMessage } from './widget-page';

const SIZES = [10, 1000, 5000];
/** Runs per reader and size: medians, for a shared machine. deep-chat's 5,000-token reply is one
 *  long task of more than a minute, far beyond any noise: it runs once. */
const RUNS: Record<Reader, (tokens: number) => number> = { agentChat: () => 5, bare: () => 5, deepChat: (tokens) => (tokens >= 5000 ? 1 : tokens >= 1000 ? 3 : 5) };
const BUDGET = { longTasksAt5000: 0, perTokenGrowth1000To5000: 2, lastTokenVersusBare: 2 };
/** The last token: a word nothing else in the reply contains, so its arrival in the DOM is visible. */
const LAST = 'omega';

type Reader = 'agentChat' | 'bare' | 'deepChat';
interface Sample {
  /** From the burst's first byte written to the last token in the DOM. */
  msToLastToken: number;
  msPerToken: number;
  longTasks: number;
  longestTaskMs: number;
  mutationsPerToken: number;
}

/** N tokens of Markdown-ish text (bold words, paragraphs), the last one `LAST`. */
const words = (tokens: number) => Array.from({ length: tokens }, (_, i) => (i === tokens - 1 ? LAST : i % 40 === 39 ? 'end.\n\n' : i % 9 === 0 ? '**word** ' : 'word '));

/** agent-chat's stream (PROTOCOL §2): a streaming-token event per token, then the final message. */
function agentChatBody(tokens: number): string {
  const parts = words(tokens).map((word, i) =>
    sseEvent('CONVERSATION_STREAMING_TOKEN', `t${i}`, {
      entryType: 'StreamingToken', id: `t${i}`,
      streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: 1, targetMessageIdentifier: 'final', token: { formatType: 'Text', text: word } },
    }),
  );
  return parts.join('') + textMessage('final', words(tokens).join(''), 'Chatbot', 1);
}

/** deep-chat's stream: its Response shape, `{ text }`, one event per token. */
const deepChatBody = (tokens: number) => words(tokens).map((text) => `data: ${JSON.stringify({ text })}\n\n`).join('');

const now = () => performance.timeOrigin + performance.now();
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const until = async (ready: () => boolean) => {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > 30_000) throw new Error('the page never opened its event stream');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * Watches `root` (an element, or the shadow root of `host`) while `write` sends the burst: stamps
 * the moment a mutation puts the last token into the DOM, then waits for the page to go idle.
 */
async function measure(page: Page, tokens: number, root: { host: string; shadow: boolean }, write: () => number): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value * 1000;
  await page.evaluate(({ host, shadow, last }) => {
    const w = window as unknown as { __mutations: number; __long: number[]; __lastTokenAt: number };
    w.__mutations = 0;
    w.__long = [];
    w.__lastTokenAt = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
    const element = document.querySelector(host)!;
    // Only what changed is read, so the watch costs what the renderer's own changes cost.
    new MutationObserver((records) => {
      w.__mutations += records.length;
      if (w.__lastTokenAt) return;
      for (const record of records) {
        const text = record.type === 'characterData' ? (record.target as CharacterData).data : Array.from(record.addedNodes, (node) => node.textContent ?? '').join('');
        if (text.includes(last)) {
          w.__lastTokenAt = performance.timeOrigin + performance.now();
          return;
        }
      }
    }).observe(shadow ? element.shadowRoot! : element, { subtree: true, childList: true, characterData: true, attributes: true });
  }, { ...root, last: LAST });
  const before = await taskTime();
  const writtenAt = write();
  await page.waitForFunction(() => (window as unknown as { __lastTokenAt: number }).__lastTokenAt > 0, undefined, { timeout: 180_000, polling: 100 });
  // What follows the last token (the final message, closing the stream) is part of the reply's cost.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve, { timeout: 5000 }), { timeout: 5000 })));
  const after = await taskTime();
  const stats = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __mutations: number; __lastTokenAt: number };
    return { long: w.__long.filter((d) => d > 50).length, longest: Math.max(0, ...w.__long), mutations: w.__mutations, lastTokenAt: w.__lastTokenAt };
  });
  return {
    msToLastToken: stats.lastTokenAt - writtenAt,
    msPerToken: (after - before) / tokens,
    longTasks: stats.long,
    longestTaskMs: stats.longest,
    mutationsPerToken: stats.mutations / tokens,
  };
}

/** agent-chat, its panel open and its event stream connected, then the burst. */
async function agentChatRun(browser: Browser, tokens: number): Promise<Sample> {
  const live: { stream: ServerResponse | null } = { stream: null };
  const widget = await serveWidget((res) => (live.stream = res));
  const page = await browser.newPage();
  try {
    await page.goto(widget.url);
    await page.waitForFunction(() => 'AgentChat' in window);
    await page.evaluate(() => (window as unknown as { AgentChat: { open(): void } }).AgentChat.open());
    await until(() => live.stream !== null);
    await page.waitForFunction(() => !!document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('textarea'));
    await page.waitForTimeout(300);
    const body = agentChatBody(tokens);
    return await measure(page, tokens, { host: '[data-agent-chat]', shadow: true }, () => {
      const at = now();
      live.stream!.write(body);
      return at;
    });
  } finally {
    await page.close();
    widget.close();
  }
}

/** The bare reader on the same page (the widget loaded, closed), reading the same bytes. */
async function bareRun(browser: Browser, tokens: number): Promise<Sample> {
  const live: { stream: ServerResponse | null } = { stream: null };
  const widget = await serveWidget((res) => (live.stream = res));
  const page = await browser.newPage();
  try {
    await page.goto(widget.url);
    await page.waitForFunction(() => 'AgentChat' in window);
    await page.evaluate(() => {
      const out = document.body.appendChild(document.createElement('pre'));
      out.id = 'bare';
      const text = out.appendChild(document.createTextNode(''));
      const decoder = new TextDecoder();
      // Resolves once the stream is open; reads on in the background.
      return fetch('/eventrouter/v1/sse', { headers: { Accept: 'text/event-stream' } }).then((response) => {
        const reader = response.body!.getReader();
        let buffer = '';
        (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let start = 0;
            for (let end = buffer.indexOf('\n\n'); end >= 0; start = end + 2, end = buffer.indexOf('\n\n', start)) {
              const event = buffer.slice(start, end);
              if (!event.includes('event: CONVERSATION_STREAMING_TOKEN\n')) continue;
              const data = event.slice(event.indexOf('data: ') + 6);
              const payload = JSON.parse(JSON.parse(data).conversationEntry.entryPayload);
              text.appendData(payload.streamingToken.token.text);
            }
            buffer = buffer.slice(start);
          }
        })();
      });
    });
    await until(() => live.stream !== null);
    await page.waitForTimeout(300);
    const body = agentChatBody(tokens);
    return await measure(page, tokens, { host: '#bare', shadow: false }, () => {
      const at = now();
      live.stream!.write(body);
      return at;
    });
  } finally {
    await page.close();
    widget.close();
  }
}

/** deep-chat with its own SSE client: the visitor sends a message, the reply streams back. */
async function deepChatRun(browser: Browser, tokens: number): Promise<Sample> {
  const bundle = readFileSync('node_modules/deep-chat/dist/deepChat.bundle.js');
  const live: { stream: ServerResponse | null } = { stream: null };
  const server = createServer((req, res) => {
    if (req.url === '/deepChat.bundle.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    if (req.url === '/chat') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }).flushHeaders();
      live.stream = res;
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><html lang="en"><title>peer</title><body>
<script type="module" src="/deepChat.bundle.js"></script>
<deep-chat></deep-chat>
<script type="module">document.querySelector('deep-chat').connect = { url: '/chat', stream: true };</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof (document.querySelector('deep-chat') as unknown as { submitUserMessage?: unknown }).submitUserMessage === 'function' && !!document.querySelector('deep-chat')!.shadowRoot);
    await page.evaluate(() => (document.querySelector('deep-chat') as unknown as { submitUserMessage(m: { text: string }): void }).submitUserMessage({ text: 'go' }));
    await until(() => live.stream !== null);
    await page.waitForTimeout(300);
    const body = deepChatBody(tokens);
    return await measure(page, tokens, { host: 'deep-chat', shadow: true }, () => {
      const at = now();
      live.stream!.end(body);
      return at;
    });
  } finally {
    await page.close();
    server.close();
  }
}

const machine = describeMachine();
const browser = await launcher.launch(chromium);
const runners: Record<Reader, (browser: Browser, tokens: number) => Promise<Sample>> = { agentChat: agentChatRun, bare: bareRun, deepChat: deepChatRun };
const sizes: { tokens: number; received: Record<'agentChat' | 'deepChat', { bytes: number; events: number }>; medians: Record<Reader, Sample> }[] = [];
try {
  for (const tokens of SIZES) {
    const medians = {} as Record<Reader, Sample>;
    for (const reader of ['agentChat', 'bare', 'deepChat'] as const) {
      const samples: Sample[] = [];
      // Interleaving readers within a size would mix their warm-up; each reader's runs go together.
      for (let run = 0; run < RUNS[reader](tokens); run++) samples.push(await runners[reader](browser, tokens));
      const middle = (key: keyof Sample) => Number(median(samples.map((s) => s[key])).toFixed(key === 'msPerToken' ? 4 : 2));
      medians[reader] = { msToLastToken: middle('msToLastToken'), msPerToken: middle('msPerToken'), longTasks: middle('longTasks'), longestTaskMs: middle('longestTaskMs'), mutationsPerToken: middle('mutationsPerToken') };
      console.log(`${tokens} tokens, ${reader}: ${samples.map((s) => s.msToLastToken.toFixed(0)).join(', ')} ms to the last token`);
    }
    sizes.push({
      tokens,
      received: {
        agentChat: { bytes: Buffer.byteLength(agentChatBody(tokens)), events: tokens + 1 },
        deepChat: { bytes: Buffer.byteLength(deepChatBody(tokens)), events: tokens },
      },
      medians,
    });
  }
  machine.browser = `Chromium ${browser.version()}`;
} finally {
  await browser.close();
}

const at = (tokens: number) => sizes.find((s) => s.tokens === tokens)!;
const checks = {
  lastTokenVersusBare: Number((at(5000).medians.agentChat.msToLastToken / at(5000).medians.bare.msToLastToken).toFixed(2)),
  perTokenGrowth1000To5000: Number((at(5000).medians.agentChat.msPerToken / at(1000).medians.agentChat.msPerToken).toFixed(2)),
  longTasksAt5000: at(5000).medians.agentChat.longTasks,
};

console.log('\nWhat each side receives');
console.table(Object.fromEntries(sizes.flatMap(({ tokens, received }) => (['agentChat', 'deepChat'] as const).map((side) => [`${side}, ${tokens} tokens`, { bytes: received[side].bytes, events: received[side].events, 'bytes per token': Math.round(received[side].bytes / tokens), 'events per token': Number((received[side].events / tokens).toFixed(3)) }]))));
console.log('Streaming, tokens at full speed into an open stream (Chromium; medians of the runs above)');
console.table(Object.fromEntries(sizes.flatMap(({ tokens, medians }) => (['agentChat', 'bare', 'deepChat'] as const).map((reader) => [`${reader}, ${tokens} tokens`, medians[reader]]))));
console.log(`5,000 tokens: agent-chat puts the last token on screen in ${checks.lastTokenVersusBare}× the bare reader's time (budget ${BUDGET.lastTokenVersusBare}×).`);
console.log(`agent-chat's main-thread time per token at 5,000 tokens is ${checks.perTokenGrowth1000To5000}× its time at 1,000 (budget ${BUDGET.perTokenGrowth1000To5000}×: O(1) per token).`);
console.log(`Long tasks over 50 ms during agent-chat's 5,000-token reply: ${checks.longTasksAt5000} (budget ${BUDGET.longTasksAt5000}).`);
writeResults('streaming', { machine, runs: Object.fromEntries(SIZES.map((tokens) => [tokens, { agentChat: RUNS.agentChat(tokens), bare: RUNS.bare(tokens), deepChat: RUNS.deepChat(tokens) }])), budgets: BUDGET, checks, sizes });

const failures = [
  checks.longTasksAt5000 > BUDGET.longTasksAt5000 && `${checks.longTasksAt5000} long tasks over 50 ms during a 5,000-token reply`,
  checks.perTokenGrowth1000To5000 > BUDGET.perTokenGrowth1000To5000 && `time per token grows ${checks.perTokenGrowth1000To5000}× from 1,000 to 5,000 tokens: not O(1) per token`,
  checks.lastTokenVersusBare > BUDGET.lastTokenVersusBare && `the last of 5,000 tokens reaches the DOM in ${checks.lastTokenVersusBare}× the bare reader's time, over ${BUDGET.lastTokenVersusBare}×`,
].filter((failure): failure is string => !!failure);
for (const failure of failures) console.error(`FAIL: ${failure}.`);
if (failures.length) process.exit(1);
console.log('OK: within every streaming budget.');
