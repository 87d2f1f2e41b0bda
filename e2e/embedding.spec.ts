import { expect, test } from '@playwright/test';
import { messages, openChat, recordChatApi, savedSession } from './support';

const page = (body: string) => `<!doctype html><html lang="en"><head><title>host</title></head><body><h1>Host page</h1>${body}</body></html>`;

test('calls queued before the script loads are replayed in order; the API methods and events work', async ({ page: tab }) => {
  await tab.route('**/queued.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: page(`
        <script src="/queue.js"></script>
        <script src="/agent-chat.js" async></script>`),
    }),
  );
  // The host's own script, as the README shows it: a stub that queues calls until the widget loads.
  await tab.route('**/queue.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `
        window.AgentChat = window.AgentChat || function () { (AgentChat.q = AgentChat.q || []).push(arguments); };
        window.seen = [];
        AgentChat('init', { apiBase: '/', agentId: 'support-bot', title: 'Queued Support', position: 'left', theme: 'dark' });
        for (const name of ['ready', 'open', 'close', 'prompt', 'response', 'message', 'connection']) {
          AgentChat('on', name, (payload) => seen.push(name + (payload && payload.text ? ':' + payload.text.slice(0, 12) : '')));
        }
        AgentChat('open');`,
    }),
  );
  await tab.goto('/queued.html');
  const dialog = tab.getByRole('dialog', { name: 'Queued Support' });
  await expect(dialog).toBeVisible();
  await tab.evaluate(() => (window as unknown as { AgentChat: { send(t: string): void } }).AgentChat.send('Hello there'));
  await expect(dialog.getByRole('log').getByText('Hello there')).toBeVisible();
  await expect.poll(() => tab.evaluate(() => (window as unknown as { seen: string[] }).seen), { timeout: 15_000 }).toEqual(
    expect.arrayContaining(['ready', 'open', 'connection', 'response:Hi, I\'m **Ar', 'message:Hi, I\'m **Ar', 'prompt:Hello there', 'response:Hello! I\'m *']),
  );
  await tab.evaluate(() => (window as unknown as { AgentChat: { close(): void } }).AgentChat.close());
  await expect(dialog).toBeHidden();
  expect(await tab.evaluate(() => (window as unknown as { seen: string[] }).seen.includes('close'))).toBe(true);
  // position and theme from init reach the widget.
  const root = tab.locator('[data-agent-chat]').locator('.root');
  await expect(root).toHaveClass(/\bleft\b/);
  await expect(root).toHaveClass(/\bdark\b/);
  // destroy removes it all; only window.AgentChat stays.
  await tab.evaluate(() => (window as unknown as { AgentChat: { destroy(): void } }).AgentChat.destroy());
  await expect(tab.locator('[data-agent-chat]')).toHaveCount(0);
});

test('the widget leaves the host page alone: one global, no styles outside its shadow root, immune to hostile CSS', async ({ page: tab }) => {
  await tab.route('**/hostile-css.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      // Text styles the page sets on everything, the widget's host included, reach nothing inside by inheritance.
      body: page(`<style>* { color: red !important; font-size: 40px !important; display: block !important; } button { visibility: hidden !important; }
        * { letter-spacing: 7px !important; word-spacing: 11px !important; line-height: 4 !important; text-transform: uppercase !important; font-style: italic !important;
            font-weight: 900 !important; text-align: right !important; text-indent: 30px !important; white-space: pre !important; direction: rtl !important;
            font-variant: small-caps !important; text-shadow: 0 0 2px red !important; cursor: wait !important; visibility: hidden !important; }</style>
        <script src="/agent-chat.js" data-api-base="/" data-agent-id="support-bot" data-title="Support"></script>`),
    }),
  );
  // The globals of the same page without the widget, to compare with.
  await tab.route('**/bare-host.html', (route) => route.fulfill({ contentType: 'text/html', body: page('') }));
  await tab.goto('/bare-host.html');
  const bare = new Set(await tab.evaluate(() => Object.keys(window)));
  await tab.goto('/hostile-css.html');
  const launcher = tab.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  expect(await launcher.evaluate((el) => getComputedStyle(el).width)).toBe('60px');
  const dialog = await openChat(tab, 'Support');
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeVisible();
  const inherited = (element: Element) => {
    const style = getComputedStyle(element);
    return {
      letterSpacing: style.letterSpacing, wordSpacing: style.wordSpacing, lineHeight: style.lineHeight, textTransform: style.textTransform,
      fontStyle: style.fontStyle, fontVariant: style.fontVariant, textAlign: style.textAlign, textIndent: style.textIndent,
      direction: style.direction, textShadow: style.textShadow, cursor: style.cursor, visibility: style.visibility,
    };
  };
  const own = { letterSpacing: 'normal', wordSpacing: '0px', lineHeight: '22.5px', textTransform: 'none', fontStyle: 'normal', fontVariant: 'normal', textAlign: 'start', textIndent: '0px', direction: 'ltr', textShadow: 'none', cursor: 'auto', visibility: 'visible' };
  const welcome = messages(dialog).first().locator('.md p').first();
  await expect(welcome).toContainText("I'm Aria");
  expect(await welcome.evaluate(inherited)).toEqual(own);
  expect(await welcome.evaluate((el) => [getComputedStyle(el).whiteSpace, getComputedStyle(el).fontWeight])).toEqual(['pre-line', '400']);
  expect(await dialog.getByRole('textbox', { name: 'Message' }).evaluate(inherited)).toEqual({ ...own, lineHeight: '22px', cursor: 'text' });
  const added = (await tab.evaluate(() => Object.keys(window))).filter((key) => !bare.has(key) && key !== 'pendo');
  expect(added).toEqual(['AgentChat']);
  expect(await tab.evaluate(() => document.querySelectorAll('style, link[rel=stylesheet]').length)).toBe(1); // the host's own
});

test('the rest of the API: toggle, setMetadata before and after the start, an unsubscribed handler, endSession, newConversation', async ({ page: tab }) => {
  type Api = { toggle(): void; setMetadata(m: Record<string, string>): void; endSession(): void; newConversation(): void; on(name: string, fn: (p: unknown) => void): () => void };
  const bodies = recordChatApi(tab);
  await tab.goto('/');
  await expect(tab.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await tab.evaluate(() => {
    const api = (window as unknown as { AgentChat: Api }).AgentChat;
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    // Set on every page view, before any conversation: it waits for one (nothing is sent yet).
    api.setMetadata({ plan: 'pro' });
    const off = api.on('open', () => w.seen.push('open (unsubscribed)'));
    off();
    for (const name of ['open', 'close']) api.on(name, () => w.seen.push(name));
    api.toggle();
  });
  const dialog = tab.getByRole('dialog', { name: 'Northwind Support' });
  await expect(dialog.getByRole('log')).toContainText("I'm Aria");
  const first = await savedSession(tab);
  expect(bodies).toEqual([{ platformConversationId: first.conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }, { key: 'plan', value: 'pro' }] }]);

  // Once the conversation exists, metadata goes out at once.
  await tab.evaluate(() => (window as unknown as { AgentChat: Api }).AgentChat.setMetadata({ page: 'pricing' }));
  await expect.poll(() => bodies.length).toBe(2);
  expect(bodies[1]).toEqual({ platformConversationId: first.conversationId, eventType: 'metadata', metadata: [{ key: 'page', value: 'pricing' }] });

  await tab.evaluate(() => (window as unknown as { AgentChat: Api }).AgentChat.toggle());
  await expect(dialog).toBeHidden();
  await tab.evaluate(() => (window as unknown as { AgentChat: Api }).AgentChat.endSession());
  await expect.poll(() => bodies.length).toBe(3);
  expect(bodies[2]).toEqual({ platformConversationId: first.conversationId, eventType: 'endSession' });
  await tab.evaluate(() => (window as unknown as { AgentChat: Api }).AgentChat.toggle());
  await expect(dialog.getByText('Conversation ended')).toBeVisible();

  // A new conversation while the panel is open starts at once, under a new id, with the page's metadata.
  await tab.evaluate(() => (window as unknown as { AgentChat: Api }).AgentChat.newConversation());
  await expect(dialog.getByText('Conversation ended')).toHaveCount(0);
  await expect(dialog.getByRole('log')).toContainText("I'm Aria");
  const second = await savedSession(tab);
  expect(second.conversationId).not.toBe(first.conversationId);
  expect(bodies.slice(3)).toEqual([
    { platformConversationId: second.conversationId, eventType: 'startSession', metadata: [{ key: 'locale', value: 'en' }, { key: 'plan', value: 'pro' }, { key: 'page', value: 'pricing' }] },
  ]);
  expect(await tab.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['open', 'close', 'open']);
});
