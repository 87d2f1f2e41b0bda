// Long transcripts in Chromium: reload with an N-message history (time until its latest
// message is on screen; the log renders the latest 100), then live appends one at a time:
// main-thread time and DOM mutations per append at N = 100 and N = 2,000 (the shipped build), and
// the components rendered per append (a second pass on an unminified build that counts Preact's
// renders). Flat, and only the new message's components, means appending does not re-render the
// others.
import type { ServerResponse } from 'node:http';
import { chromium as launcher } from '@playwright/test';
import { build } from 'vite';
import { chromium } from '../playwright.config';
import { describeMachine, writeResults } from './results-file';
import { serveWidget, textMessage } from './widget-page';

const machine = describeMachine();
const INSTRUMENTED = '.tmp/bench-render-count';
await build({
  mode: 'embed',
  logLevel: 'warn',
  build: {
    lib: { entry: 'bench/render-count.ts', formats: ['es'], fileName: () => 'agent-chat-core.js' },
    outDir: INSTRUMENTED,
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rolldownOptions: { output: { minify: false } },
  },
});

const APPENDS = 20;

const message = (n: number, role: 'EndUser' | 'Chatbot') => textMessage(`m${n}`, `Message **${n}** with a little Markdown and a [link](https://example.com/${n}).`, role, n);

async function run(history: number, { instrumented = false } = {}) {
  // The open event stream, once the widget connects (a holder: TypeScript cannot see the callback assign it).
  const live: { stream: ServerResponse | null } = { stream: null };
  const widget = await serveWidget(
    (res) => {
      live.stream = res;
      res.write(Array.from({ length: history }, (_, i) => message(i + 1, i % 2 ? 'Chatbot' : 'EndUser')).join(''));
    },
    { modulesDir: instrumented ? INSTRUMENTED : '' },
  );
  const browser = await launcher.launch(chromium);
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value * 1000;
    await page.goto(widget.url);
    await page.waitForFunction(() => 'AgentChat' in window);
    // The newest message on screen is message n.
    const shows = (n: number) =>
      page.waitForFunction((n) => document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('[role=log] > ol > li:last-child')?.textContent?.includes(`Message ${n} with`), n, { timeout: 60_000 });
    const started = Date.now();
    await page.evaluate(() => (window as unknown as { AgentChat: { open(): void } }).AgentChat.open());
    await shows(history);
    const historyMs = Date.now() - started;
    await page.evaluate(() => {
      const w = window as unknown as { __mutations: number };
      w.__mutations = 0;
      new MutationObserver((records) => (w.__mutations += records.length)).observe(document.querySelector('[data-agent-chat]')!.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.waitForTimeout(300);
    const rendersBefore = instrumented ? await page.evaluate(() => window.__renders.length) : 0;
    const before = await taskTime();
    for (let i = 1; i <= APPENDS; i++) {
      live.stream!.write(message(history + i, 'Chatbot'));
      await shows(history + i);
    }
    const after = await taskTime();
    const mutations = await page.evaluate(() => (window as unknown as { __mutations: number }).__mutations);
    const rendered = instrumented ? (await page.evaluate(() => window.__renders)).slice(rendersBefore) : [];
    return { history, historyMs, msPerAppend: Number(((after - before) / APPENDS).toFixed(2)), mutationsPerAppend: Number((mutations / APPENDS).toFixed(1)), rendered };
  } finally {
    await browser.close();
    widget.close();
  }
}

/** How many times each component rendered per append. */
function perAppend(rendered: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of rendered) counts[name] = (counts[name] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, count / APPENDS]));
}

const [short, long] = [await run(100), await run(2000)];
const [shortCounted, longCounted] = [await run(100, { instrumented: true }), await run(2000, { instrumented: true })];
const rows = [
  { ...short, rendered: undefined, componentsPerAppend: shortCounted.rendered.length / APPENDS, components: perAppend(shortCounted.rendered) },
  { ...long, rendered: undefined, componentsPerAppend: longCounted.rendered.length / APPENDS, components: perAppend(longCounted.rendered) },
];
console.log('\nLong transcript (Chromium): history on reload, then live appends');
console.table(Object.fromEntries(rows.map((r) => [`${r.history} messages`, { 'history on screen (ms)': r.historyMs, 'main thread per append (ms)': r.msPerAppend, 'DOM mutations per append': r.mutationsPerAppend, 'components rendered per append': r.componentsPerAppend }])));
console.log('Components rendered per append, by name (2,000 messages):', rows[1]!.components);
writeResults('transcript', { machine, appends: APPENDS, rows });
if (rows[1]!.mutationsPerAppend > rows[0]!.mutationsPerAppend + 2) throw new Error('appending touches more of the DOM as the transcript grows');
if (rows[1]!.componentsPerAppend > rows[0]!.componentsPerAppend + 1) throw new Error('appending renders more components as the transcript grows');
console.log('OK: an append touches the same DOM and renders the same components whatever the transcript length.');
