// Long transcripts in Chromium: reload with an N-message history (time until it is all on
// screen), then live appends one at a time: main-thread time and DOM mutations per append at
// N = 100 and N = 2,000. Flat means appending does not re-render the others.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';

const BUNDLE = readFileSync('dist/agent-chat.js');
const APPENDS = 20;

const message = (n: number, role: 'EndUser' | 'Chatbot') =>
  `id: ${n}\nevent: CONVERSATION_MESSAGE\ndata: ${JSON.stringify({
    channelPlatformKey: 'bench', channelType: 'embedded_messaging', channelAddressIdentifier: 'bench', conversationId: 'c',
    conversationEntry: {
      identifier: `e${n}`, entryType: 'Message',
      entryPayload: JSON.stringify({
        entryType: 'Message', id: `m${n}`,
        abstractMessage: { messageType: 'StaticContentMessage', id: `m${n}`, staticContent: { formatType: 'Text', text: `Message **${n}** with a little Markdown and a [link](https://example.com/${n}).` } },
      }),
      sender: { role, appType: role === 'EndUser' ? 'iamessage' : 'chatbot', subject: role }, senderDisplayName: role === 'EndUser' ? 'You' : 'Aria',
      transcriptedTimestamp: n, clientTimestamp: n,
    },
  })}\n\n`;

async function run(history: number) {
  // The open event stream, once the widget connects (a holder: TypeScript cannot see the callback assign it).
  const live: { stream: ServerResponse | null } = { stream: null };
  const server = createServer((req, res) => {
    if (req.url === '/agent-chat.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(BUNDLE);
    if (req.url === '/converse/chat') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"token":"t"}');
    if (req.url === '/eventrouter/v1/sse') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (live.stream) return;
      live.stream = res;
      res.write(Array.from({ length: history }, (_, i) => message(i + 1, i % 2 ? 'Chatbot' : 'EndUser')).join(''));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html lang="en"><title>bench</title><body><script src="/agent-chat.js" data-api-base="/" data-agent-id="bench"></script></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launcher.launch(chromium);
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value * 1000;
    await page.goto(url);
    await page.waitForFunction(() => 'AgentChat' in window);
    const count = () => page.evaluate(() => document.querySelector('[data-agent-chat]')!.shadowRoot!.querySelectorAll('[role=log] > ol > li').length);
    const started = Date.now();
    await page.evaluate(() => (window as unknown as { AgentChat: { open(): void } }).AgentChat.open());
    await page.waitForFunction((n) => document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelectorAll('[role=log] > ol > li').length === n, history, { timeout: 60_000 });
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
      await page.waitForFunction((n) => document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelectorAll('[role=log] > ol > li').length === n, history + i);
    }
    const after = await taskTime();
    const mutations = await page.evaluate(() => (window as unknown as { __mutations: number }).__mutations);
    if ((await count()) !== history + APPENDS) throw new Error('an append went missing');
    return { history, historyMs, msPerAppend: Number(((after - before) / APPENDS).toFixed(2)), mutationsPerAppend: Number((mutations / APPENDS).toFixed(1)) };
  } finally {
    await browser.close();
    live.stream?.destroy();
    server.close();
  }
}

const rows = [await run(100), await run(2000)];
console.log('\nLong transcript (Chromium): history on reload, then live appends');
console.table(Object.fromEntries(rows.map(({ history, ...rest }) => [`${history} messages`, { 'history on screen (ms)': rest.historyMs, 'main thread per append (ms)': rest.msPerAppend, 'DOM mutations per append': rest.mutationsPerAppend }])));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/transcript.json', `${JSON.stringify(rows, null, 2)}\n`);
if (rows[1]!.mutationsPerAppend > rows[0]!.mutationsPerAppend + 2) throw new Error('appending touches more of the DOM as the transcript grows');
console.log('OK: an append touches the same DOM whatever the transcript length.');
