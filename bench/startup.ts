// Start-up in Chromium with the CPU throttled 4×: time from navigation to the launcher on screen,
// and to the first message on screen, for agent-chat's script tag and, beside it, deep-chat's
// browser bundle (its chat box on screen), median of 5 loads each; and the time from a click on
// the launcher to the panel on screen, which includes fetching the panel's code.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';
import { serveWidget, textMessage } from './widget-page';

const RUNS = 5;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

const browser = await launcher.launch(chromium);

async function measure(url: string, ready: string): Promise<{ ready: number }> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 30_000 });
  const readyMs = Date.now() - started;
  await page.close();
  return { ready: readyMs };
}

/** From a click on the launcher (the pointer arrives just before it, as a visitor's does) to the open panel on screen. */
async function measureOpening(url: string): Promise<number> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(url);
  const launcherButton = page.getByRole('button', { name: 'Open chat' });
  await launcherButton.waitFor();
  const started = Date.now();
  await launcherButton.click();
  await page.waitForFunction("document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('.panel')?.getBoundingClientRect().width > 0", undefined, { polling: 'raf', timeout: 30_000 });
  const openedMs = Date.now() - started;
  await page.close();
  return openedMs;
}

try {
  // agent-chat as most visitors get it (panel closed): the launcher on screen.
  const welcome = (res: ServerResponse) => res.write(textMessage('w', "Hi, I'm **Aria**. How can I help?"));
  const launcherRuns: number[] = [];
  const closed = await serveWidget(welcome);
  for (let i = 0; i < RUNS; i++) {
    launcherRuns.push((await measure(closed.url, "document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('.launcher')?.getBoundingClientRect().width > 0")).ready);
  }
  // Opening it: the panel's code is fetched on the pointer's arrival, so this includes that fetch.
  const openingRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) openingRuns.push(await measureOpening(closed.url));
  closed.close();
  // And opened on load (data-start-open): the first message from the gateway on screen.
  const messageRuns: number[] = [];
  const open = await serveWidget(welcome, { startOpen: true });
  for (let i = 0; i < RUNS; i++) {
    messageRuns.push((await measure(open.url, "!!document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('[role=log] li')")).ready);
  }
  open.close();

  // deep-chat: its element rendered (shadow root with its input) from the bundle.
  const bundle = readFileSync('node_modules/deep-chat/dist/deepChat.bundle.js');
  const server = createServer((req, res) => {
    if (req.url === '/deepChat.bundle.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(
      '<!doctype html><html lang="en"><title>peer</title><body><script type="module" src="/deepChat.bundle.js"></script><deep-chat></deep-chat></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const peerRuns: { ready: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    peerRuns.push(await measure(peerUrl, "document.querySelector('deep-chat')?.shadowRoot?.querySelector('#input, #container')?.getBoundingClientRect().width > 0"));
  }
  server.close();

  const result = {
    cpuThrottling: 4,
    runs: RUNS,
    agentChatLauncherMs: median(launcherRuns),
    agentChatFirstMessageMs: median(messageRuns),
    agentChatOpeningMs: median(openingRuns),
    deepChatRenderedMs: median(peerRuns.map((r) => r.ready)),
  };
  console.log('\nStart-up, CPU throttled 4× (median of 5)');
  console.table({
    'agent-chat: launcher on screen': { ms: result.agentChatLauncherMs },
    'agent-chat: first message on screen': { ms: result.agentChatFirstMessageMs },
    'agent-chat: click on the launcher → panel on screen': { ms: result.agentChatOpeningMs },
    'deep-chat: chat element on screen': { ms: result.deepChatRenderedMs },
  });
  console.log(`deep-chat takes ${(result.deepChatRenderedMs / result.agentChatLauncherMs).toFixed(1)}× as long.`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/startup.json', `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
}
