// How the script tag loads: a small classic script, the widget module beside it, and the chat's
// code (the conversation's and the panel's, one file) only when a visitor shows an intent to chat,
// or at once when a conversation is under way. Failures cost one warning and no widget.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Page, expect, test } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { recordConsole } from './support';

const hostPage = (body: string) => `<!doctype html><html lang="en"><head><title>host</title></head><body><h1>Host page</h1>${body}</body></html>`;
const SCRIPT = '<script src="/agent-chat.js" async data-api-base="/" data-agent-id="support-bot" data-title="Support"></script>';

const PAGE_LOAD = ['/agent-chat.js', '/agent-chat-core.js'];
const ON_INTENT = ['/agent-chat-chatting-#.js'];

/**
 * What the page fetched from the gateway, in order: the widget's files and the Chat API and SSE
 * calls. A chunk's content hash reads as "#".
 */
function recordRequests(tab: Page): string[] {
  const paths: string[] = [];
  tab.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (/^\/(agent-chat|converse|eventrouter)/.test(pathname)) paths.push(pathname.replace(/^(\/agent-chat-\w+-)[\w-]{8,}\.js$/, '$1#.js'));
  });
  return paths;
}

test('a page that is only viewed fetches the script and the widget module, nothing else; pointing at the launcher fetches the rest', async ({ page: tab }) => {
  await tab.route('**/viewed.html', (route) => route.fulfill({ contentType: 'text/html', body: hostPage(SCRIPT) }));
  const requests = recordRequests(tab);
  await tab.goto('/viewed.html');
  const launcher = tab.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  await tab.waitForLoadState('networkidle');
  expect(requests).toEqual(PAGE_LOAD);

  const chatResponse = tab.waitForResponse(/\/agent-chat-chatting-[\w-]+\.js$/);
  await launcher.hover();
  await expect.poll(() => requests.slice(2).sort()).toEqual(ON_INTENT);
  // A chunk is named by its content, so it is cached for good; the files pages name are revalidated.
  expect((await chatResponse).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await tab.request.get('/agent-chat-core.js')).headers()['cache-control']).toBe('no-cache');
  expect(requests.slice(0, 2)).toEqual(PAGE_LOAD); // and no conversation yet: nothing posted
  await launcher.click();
  const dialog = tab.getByRole('dialog', { name: 'Support' });
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect(dialog.getByRole('log')).toContainText("I'm Aria");
});

test('a returning visitor with a conversation under way: it resumes at once (its stream, its code); the panel opens on an intent with nothing more to fetch', async ({ page: tab }) => {
  await tab.route('**/returning.html', (route) => route.fulfill({ contentType: 'text/html', body: hostPage(SCRIPT) }));
  await tab.goto('/returning.html');
  await tab.getByRole('button', { name: 'Open chat' }).click();
  await expect(tab.getByRole('dialog', { name: 'Support' }).getByRole('log')).toContainText("I'm Aria");
  const requests = recordRequests(tab);
  await tab.reload();
  await expect.poll(() => requests).toEqual([...PAGE_LOAD, ...ON_INTENT, '/eventrouter/v1/sse']);
  await tab.getByRole('button', { name: 'Open chat' }).click();
  const dialog = tab.getByRole('dialog', { name: 'Support' });
  await expect(dialog.getByRole('log')).toContainText("I'm Aria");
  expect(requests).toEqual([...PAGE_LOAD, ...ON_INTENT, '/eventrouter/v1/sse']);
});

test('a keyboard visitor reaching the launcher fetches the chat; Enter opens it with focus in the composer', async ({ page: tab }) => {
  await tab.route('**/keyboard.html', (route) => route.fulfill({ contentType: 'text/html', body: hostPage(`<a href="#top">Top</a>${SCRIPT}`) }));
  const files = recordRequests(tab);
  await tab.goto('/keyboard.html');
  await expect(tab.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await tab.keyboard.press('Tab'); // the host's link
  await tab.keyboard.press('Tab'); // the launcher
  await expect(tab.getByRole('button', { name: 'Open chat' })).toBeFocused();
  await expect.poll(() => files).toContain('/agent-chat-chatting-#.js');
  await tab.keyboard.press('Enter');
  await expect(tab.getByRole('dialog', { name: 'Support' }).getByRole('textbox', { name: 'Message' })).toBeFocused();
});

test("the chat's code fails to load: one warning and an error event, the launcher stays closed, the next try opens it", async ({ page: tab }) => {
  let refused = 0;
  await tab.route('**/agent-chat-chatting-*.js', (route) => (refused++ === 0 ? route.abort('connectionrefused') : route.continue()));
  await tab.route('**/flaky.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: hostPage(`<script src="/errors.js"></script>${SCRIPT}`),
    }),
  );
  await tab.route('**/errors.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `window.errors = [];
        window.AgentChat = window.AgentChat || function () { (AgentChat.q = AgentChat.q || []).push(arguments); };
        AgentChat('on', 'error', (e) => errors.push(e.message));`,
    }),
  );
  const console = recordConsole(tab);
  await tab.goto('/flaky.html');
  const launcher = tab.getByRole('button', { name: 'Open chat' });
  await launcher.click();
  await expect.poll(() => tab.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual(['The chat could not be loaded.']);
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
  await expect(tab.getByRole('dialog')).toHaveCount(0);
  expect(console.filter((m) => m.text.includes('[agent-chat]'))).toEqual([
    { type: 'warning', text: expect.stringContaining('[agent-chat] could not load the chat') },
  ]);

  await launcher.click();
  const dialog = tab.getByRole('dialog', { name: 'Support' });
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect(dialog.getByRole('log')).toContainText("I'm Aria");
  expect(refused).toBe(2);
});

test("a slow network on a phone: the launcher stays, busy, until the chat's code is here; then the panel fills the screen", async ({ page: tab }) => {
  await tab.setViewportSize({ width: 390, height: 780 });
  await tab.route('**/agent-chat-chatting-*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await tab.route('**/slow.html', (route) => route.fulfill({ contentType: 'text/html', body: hostPage(SCRIPT) }));
  await tab.goto('/slow.html');
  const launcher = tab.getByRole('button', { name: 'Open chat' });
  await launcher.click();
  await expect(launcher).toHaveAttribute('aria-busy', 'true');
  await expect(launcher).toBeVisible(); // not a blank screen while waiting
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const dialog = tab.getByRole('dialog', { name: 'Support' });
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect(launcher).toBeHidden(); // the panel is full-screen now
  expect(await dialog.evaluate((panel) => panel.getBoundingClientRect().width)).toBe(390);
  await expect(tab.getByRole('button', { name: 'Open chat', includeHidden: true })).not.toHaveAttribute('aria-busy');
});

test('the script twice on a page: the second copy warns once and does nothing; the first works', async ({ page: tab }) => {
  await tab.route('**/twice.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: hostPage(`${SCRIPT.replace(' async', '')}${SCRIPT.replace(' async', '').replace('Support', 'Second')}`),
    }),
  );
  const console = recordConsole(tab);
  await tab.goto('/twice.html');
  await expect(tab.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await tab.waitForLoadState('networkidle');
  await expect(tab.locator('[data-agent-chat]')).toHaveCount(1);
  expect(console).toEqual([{ type: 'warning', text: '[agent-chat] the script is on this page twice; the second copy does nothing' }]);
  await tab.evaluate(() => (window as unknown as { AgentChat: { open(): void } }).AgentChat.open());
  await expect(tab.getByRole('dialog', { name: 'Support' })).toBeVisible();
});

test('a site on another origin: the script, its modules and the Chat API all work across origins', async ({ page: tab }) => {
  // The shop is a server of its own (another port is another origin); the gateway serves the widget.
  const shop = createServer((_, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(
      hostPage(`<script src="${baseURL}/agent-chat.js" async data-api-base="${baseURL}/" data-agent-id="support-bot" data-title="Support"></script>`),
    ),
  );
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  try {
    const requests = recordRequests(tab);
    await tab.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
    await tab.getByRole('button', { name: 'Open chat' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Support' });
    await expect(dialog.getByRole('log')).toContainText("I'm Aria");
    expect(requests.filter((path) => path.endsWith('.js')).sort()).toEqual([...PAGE_LOAD, ...ON_INTENT].sort());
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Hello from another site');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog.getByRole('log').getByText('Hello from another site')).toBeVisible();
  } finally {
    shop.close();
  }
});
