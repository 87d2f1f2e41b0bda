// Start-up in Chromium with the CPU throttled 4×, median of several loads. The moment compared is
// the same for both: the chat is usable, its message box on screen and taking focus, so a visitor
// can type. deep-chat is an inline chat box that is open from the start, so agent-chat is measured
// opened on load too (data-start-open). Also, for agent-chat alone: the launcher on screen (what
// most page views show), a click on it to the usable panel (its code fetched as the pointer
// arrives), and the first message from the event stream on screen. Times are the page's own clock:
// from navigation, or from the click's pointerdown.
import type { ServerResponse } from 'node:http';
import { type Browser, type Page, chromium as launcher } from '@playwright/test';
import { chromium } from '../playwright.config';
import { describeMachine, writeResults } from './results-file';
import { serveDeepChat, serveWidget, textMessage } from './widget-page';

const RUNS = 7;
const CPU_THROTTLING = 4;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/** In-page conditions; each returns the page's clock (ms since navigation) once true, else false. */
const AGENT_CHAT_USABLE = `(() => {
  const root = document.querySelector('[data-agent-chat]')?.shadowRoot;
  const box = root?.querySelector('textarea');
  if (!box || box.disabled || box.readOnly || !box.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  box.focus();
  return root.activeElement === box && performance.now();
})()`;
const DEEP_CHAT_USABLE = `(() => {
  const root = document.querySelector('deep-chat')?.shadowRoot;
  const box = root?.querySelector('#text-input');
  if (!box || !box.isContentEditable || !box.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  box.focus();
  return root.activeElement === box && performance.now();
})()`;
/** What is in each message box. */
const AGENT_CHAT_TYPED = `document.querySelector('[data-agent-chat]').shadowRoot.querySelector('textarea').value`;
const DEEP_CHAT_TYPED = `document.querySelector('deep-chat').shadowRoot.querySelector('#text-input').textContent`;
const LAUNCHER_SHOWN = `document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('.launcher')?.checkVisibility() && performance.now()`;
const FIRST_MESSAGE_SHOWN = `!!document.querySelector('[data-agent-chat]')?.shadowRoot?.querySelector('[role=log] li') && performance.now()`;

async function throttledPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
  return page;
}

const when = async (page: Page, condition: string) => Number(await (await page.waitForFunction(condition, undefined, { polling: 'raf', timeout: 30_000 })).jsonValue());

/** What the visitor typed is in the box: the moment measured was really usable. */
async function typeable(page: Page, typed: string) {
  await page.keyboard.type('hi');
  const text = await page.evaluate(typed);
  if (!String(text).includes('hi')) throw new Error(`typing into the chat gave ${JSON.stringify(text)}, not "hi"`);
}

/** From navigation to `condition`; then checks the box takes typing, if given how to read it. */
async function load(browser: Browser, url: string, condition: string, typed?: string): Promise<number> {
  const page = await throttledPage(browser);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const at = await when(page, condition);
    if (typed) await typeable(page, typed);
    return at;
  } finally {
    await page.close();
  }
}

/** From the pointerdown of a click on the launcher (the pointer arrives just before, as a visitor's does) to the usable panel. */
async function opening(browser: Browser, url: string): Promise<number> {
  const page = await throttledPage(browser);
  try {
    await page.goto(url);
    await page.evaluate(() => document.addEventListener('pointerdown', (event) => ((window as unknown as { __pressedAt: number }).__pressedAt ??= event.timeStamp), { capture: true }));
    const launcherButton = page.getByRole('button', { name: 'Open chat' });
    await launcherButton.waitFor();
    await launcherButton.click();
    const usableAt = await when(page, AGENT_CHAT_USABLE);
    const pressedAt = await page.evaluate(() => (window as unknown as { __pressedAt: number }).__pressedAt);
    await typeable(page, AGENT_CHAT_TYPED);
    return usableAt - pressedAt;
  } finally {
    await page.close();
  }
}

const times = async (measure: () => Promise<number>) => {
  const list: number[] = [];
  for (let run = 0; run < RUNS; run++) list.push(await measure());
  return list;
};

const machine = describeMachine();
const browser = await launcher.launch(chromium);
try {
  const welcome = (res: ServerResponse) => res.write(textMessage('w', "Hi, I'm **Aria**. How can I help?"));
  const open = await serveWidget(welcome, { startOpen: true });
  const closed = await serveWidget(welcome);
  const peer = await serveDeepChat();
  const runs = {
    agentChatUsable: await times(() => load(browser, open.url, AGENT_CHAT_USABLE, AGENT_CHAT_TYPED)),
    deepChatUsable: await times(() => load(browser, peer.url, DEEP_CHAT_USABLE, DEEP_CHAT_TYPED)),
    agentChatFirstMessage: await times(() => load(browser, open.url, FIRST_MESSAGE_SHOWN)),
    agentChatLauncher: await times(() => load(browser, closed.url, LAUNCHER_SHOWN)),
    agentChatOpening: await times(() => opening(browser, closed.url)),
  };
  open.close();
  closed.close();
  peer.close();
  machine.browser = `Chromium ${browser.version()}`;

  const medians = Object.fromEntries(Object.entries(runs).map(([key, list]) => [key, Math.round(median(list))])) as Record<keyof typeof runs, number>;
  console.log(`\nStart-up, CPU throttled ${CPU_THROTTLING}× (median of ${RUNS} loads; every run in ms)`);
  console.table({
    'agent-chat, opened on load: usable (message box takes focus)': { ms: medians.agentChatUsable, runs: runs.agentChatUsable.map(Math.round).join(' ') },
    'deep-chat: usable (message box takes focus)': { ms: medians.deepChatUsable, runs: runs.deepChatUsable.map(Math.round).join(' ') },
    'agent-chat, opened on load: first message on screen': { ms: medians.agentChatFirstMessage, runs: runs.agentChatFirstMessage.map(Math.round).join(' ') },
    'agent-chat: launcher on screen': { ms: medians.agentChatLauncher, runs: runs.agentChatLauncher.map(Math.round).join(' ') },
    'agent-chat: click on the launcher → usable': { ms: medians.agentChatOpening, runs: runs.agentChatOpening.map(Math.round).join(' ') },
  });
  console.log(`Usable: deep-chat takes ${(medians.deepChatUsable / medians.agentChatUsable).toFixed(2)}× agent-chat's time.`);
  writeResults('startup', { machine, cpuThrottling: CPU_THROTTLING, runs: RUNS, medians, all: Object.fromEntries(Object.entries(runs).map(([key, list]) => [key, list.map(Math.round)])) });
} finally {
  await browser.close();
}
