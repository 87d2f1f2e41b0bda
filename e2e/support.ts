// Shared e2e helpers: what the page sent, what Pendo received, and what the gateway stored.
import { type Locator, type Page, expect } from '@playwright/test';
import { createParser } from 'eventsource-parser';
import { baseURL } from '../playwright.config';

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

/** The transcript's messages: the log's top-level list items (Markdown lists nest their own). */
export function messages(dialog: Locator): Locator {
  return dialog.getByRole('log').getByRole('list').first().locator(':scope > li');
}

/**
 * Records every text the receipt under the visitor's messages shows, in order, so a test can see
 * states that last only a moment (Sent → Delivered → Read).
 */
export async function recordReceipts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
    const seen: string[] = [];
    (window as unknown as { __receipts: string[] }).__receipts = seen;
    const note = () => root.querySelector('.mine:last-child .note, .mine .note')?.textContent ?? '';
    new MutationObserver(() => {
      const text = note();
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __receipts: string[] }).__receipts);
}

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
