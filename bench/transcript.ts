// Long transcripts in Chromium: reload with an N-message history (time until its latest
// message is on screen; the log renders the latest 100), then live appends one at a time:
// main-thread time and DOM mutations per append at N = 100 and N = 2,000. Flat means appending
// does not re-render the others.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';
import { serveWidget, textMessage } from './widget-page';

const APPENDS = 20;

const message = (n: number, role: 'EndUser' | 'Chatbot') => textMessage(`m${n}`, `Message **${n}** with a little Markdown and a [link](https://example.com/${n}).`, role, n);

async function run(history: number) {
  // The open event stream, once the widget connects (a holder: TypeScript cannot see the callback assign it).
  const live: { stream: ServerResponse | null } = { stream: null };
  const widget = await serveWidget((res) => {
    live.stream = res;
    res.write(Array.from({ length: history }, (_, i) => message(i + 1, i % 2 ? 'Chatbot' : 'EndUser')).join(''));
  });
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
    const before = await taskTime();
    for (let i = 1; i <= APPENDS; i++) {
      live.stream!.write(message(history + i, 'Chatbot'));
      await shows(history + i);
    }
    const after = await taskTime();
    const mutations = await page.evaluate(() => (window as unknown as { __mutations: number }).__mutations);
    return { history, historyMs, msPerAppend: Number(((after - before) / APPENDS).toFixed(2)), mutationsPerAppend: Number((mutations / APPENDS).toFixed(1)) };
  } finally {
    await browser.close();
    widget.close();
  }
}

const rows = [await run(100), await run(2000)];
console.log('\nLong transcript (Chromium): history on reload, then live appends');
console.table(Object.fromEntries(rows.map(({ history, ...rest }) => [`${history} messages`, { 'history on screen (ms)': rest.historyMs, 'main thread per append (ms)': rest.msPerAppend, 'DOM mutations per append': rest.mutationsPerAppend }])));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/transcript.json', `${JSON.stringify(rows, null, 2)}\n`);
if (rows[1]!.mutationsPerAppend > rows[0]!.mutationsPerAppend + 2) throw new Error('appending touches more of the DOM as the transcript grows');
console.log('OK: an append touches the same DOM whatever the transcript length.');
