// Shared e2e helpers: what the page sent, what Pendo received, and what the gateway stored.
import AxeBuilder from '@axe-core/playwright';
import { type Locator, type Page, expect } from '@playwright/test';
import { createParser } from 'eventsource-parser';
import { EXPORT_API_KEY, baseURL } from '../playwright.config';

export interface RecordedTrackCall {
  eventType: string;
  agenticProperties: Record<string, unknown>;
  properties: Record<string, unknown>;
}

/** Every Chat API body the page sends, in order. */
export function recordChatApi(page: Page): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/converse/chat') {
      bodies.push(request.postDataJSON() as Record<string, unknown>);
    }
  });
  return bodies;
}

/** Console warnings and errors, to prove bad input costs exactly one warning. */
export function recordConsole(page: Page): { type: string; text: string }[] {
  const messages: { type: string; text: string }[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') messages.push({ type: message.type(), text: message.text() });
  });
  return messages;
}

/** The calls the demo page's Pendo stand-in recorded. */
export async function pendoCalls(page: Page): Promise<RecordedTrackCall[]> {
  return page.evaluate(() => {
    const pendo = (window as unknown as { pendo?: { calls?: { eventType: string; agenticProperties: Record<string, unknown>; properties: Record<string, unknown> }[] } }).pendo;
    return (pendo?.calls ?? []).map(({ eventType, agenticProperties, properties }) => ({ eventType, agenticProperties, properties }));
  });
}

/**
 * Subscribes to the widget's `track` event from the page's first script, through the documented
 * queued-call snippet (so no call escapes, and again after each reload); returns a reader of the
 * payloads received, in order.
 */
export async function recordTrackEvents(page: Page): Promise<() => Promise<RecordedTrackCall[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { AgentChat?: ((...args: unknown[]) => void) & { q?: unknown[] }; __trackEvents: unknown[] };
    w.__trackEvents = [];
    w.AgentChat = w.AgentChat || function (...args: unknown[]) { (w.AgentChat!.q = w.AgentChat!.q || []).push(args); };
    w.AgentChat('on', 'track', (call: unknown) => w.__trackEvents.push(JSON.parse(JSON.stringify(call))));
  });
  return () => page.evaluate(() => (window as unknown as { __trackEvents: RecordedTrackCall[] }).__trackEvents);
}

export interface SavedSession {
  conversationId: string;
  token: string;
}

export async function savedSession(page: Page, agentId = 'support-bot'): Promise<SavedSession> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), `agent-chat:${agentId}`);
  expect(raw, 'the widget persists its conversation').toBeTruthy();
  return JSON.parse(raw!) as SavedSession;
}

export interface StoredMessage {
  eventId: string;
  id: string;
  role: string;
  text: string;
  /** The titles of a choices message's options. */
  options?: string[];
  agentMeta?: { modelsUsed?: string[]; toolsUsed?: string[] };
}

/**
 * Reads the conversation's durable messages straight from the gateway's SSE endpoint, as an
 * independent witness of what the widget should show and track.
 */
export async function storedMessages(token: string, atLeast: number, gateway = baseURL): Promise<StoredMessage[]> {
  const controller = new AbortController();
  const messages: StoredMessage[] = [];
  const timeout = setTimeout(() => controller.abort(), 10_000);
  try {
    const response = await fetch(`${gateway}/eventrouter/v1/sse`, {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const parser = createParser({
      onEvent(event) {
        if (event.event !== 'CONVERSATION_MESSAGE') return;
        const entry = JSON.parse(event.data).conversationEntry;
        const payload = JSON.parse(entry.entryPayload);
        const message = payload.abstractMessage;
        messages.push({
          eventId: event.id ?? '',
          id: payload.id,
          role: entry.sender.role,
          text: message.staticContent?.text ?? message.choices?.text ?? '',
          ...(message.choices?.optionItems && { options: message.choices.optionItems.map((o: { titleItem: { title: string } }) => o.titleItem.title) }),
          ...(message.agentMeta && { agentMeta: message.agentMeta }),
        });
        if (messages.length >= atLeast) controller.abort();
      },
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser.feed(chunk.value);
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  } finally {
    clearTimeout(timeout);
  }
  return messages;
}

export async function openChat(page: Page, title = 'Northwind Support') {
  await page.getByRole('button', { name: 'Open chat' }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Sends `text` as the visitor would type it, opening the chat first (and waiting for its welcome) if needed. */
export async function say(page: Page, text: string): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  if (!(await dialog.isVisible())) {
    await openChat(page);
    await expect(messages(dialog)).toHaveCount(1); // the welcome
  }
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
  return dialog;
}

/** The transcript's entries: the log's top-level list items (Markdown lists nest their own), notices included. */
export function messages(dialog: Locator): Locator {
  return dialog.getByRole('log').getByRole('list').first().locator(':scope > li');
}

/** Waits until the transcript holds `count` messages and none is still streaming. */
export async function settled(dialog: Locator, count: number) {
  await expect(messages(dialog)).toHaveCount(count, { timeout: 20_000 });
  await expect(dialog.getByRole('log').locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
}

/** Types a message in the composer and sends it with Enter. */
export async function type(dialog: Locator, text: string) {
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

/**
 * Records what the first element matching `selector` in the widget says (its aria-label, else its
 * text) each time it changes, so a test can see states that last only a moment (Sent → Delivered →
 * Read; one progress step after another; a typing indicator).
 */
export async function recordTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
    const seen: string[] = [];
    const recorded = ((window as unknown as { __recorded?: Record<string, string[]> }).__recorded ??= {});
    recorded[selector] = seen;
    new MutationObserver(() => {
      const element = root.querySelector(selector);
      const text = element?.getAttribute('aria-label') ?? element?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  }, selector);
  return () => page.evaluate((selector) => (window as unknown as { __recorded: Record<string, string[]> }).__recorded[selector]!, selector);
}

/** Records from the gateway's Export API for the last ten minutes (the e2e gateway's key). */
export async function exported(what: 'conversations' | 'messages', params: Record<string, string>, gateway = baseURL) {
  const now = Math.floor(Date.now() / 1000);
  const query = new URLSearchParams({ start_time: String(now - 600), end_time: String(now + 60), bot_name: 'support-bot', per_page: '1000', ...params });
  const response = await fetch(`${gateway}/conversations/export/v1/${what}?${query}`, { headers: { 'x-api-key': EXPORT_API_KEY } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, any>[] }).data;
}
/** The receipt under the visitor's latest message (only the latest shows one). */
export const recordReceipts = (page: Page) => recordTexts(page, '.mine .note');

/**
 * What the failover specs cut into: the welcome, a first question answered in full, then a second
 * question, returning while its answer streams. Returns the composer.
 */
export async function askUntilSecondAnswerStreams(dialog: Locator): Promise<Locator> {
  await expect(messages(dialog)).toHaveCount(1); // the welcome
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill('How do I add the widget?');
  await composer.press('Enter');
  await expect(messages(dialog)).toHaveCount(3);
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  await composer.fill('What does the tracking send?');
  await composer.press('Enter');
  await expect(dialog.locator('[aria-busy="true"]')).toBeVisible({ timeout: 10_000 });
  return composer;
}

/** The demo page with extra attributes on its script tag (data-locale="ar", …). */
export async function demoWith(page: Page, attributes: string) {
  await page.route('/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('data-agent-id="support-bot"', `data-agent-id="support-bot" ${attributes}`);
    await route.fulfill({ response, body: html });
  });
  await page.goto('/');
}

/** axe over the whole page, shadow root included; the demo page around the widget counts too. */
export async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
