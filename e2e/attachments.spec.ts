// Attachments end to end: a visitor attaches files by the button, by dropping them on the panel and
// by pasting; the real gateway stores them, the transcript shows them (also after a reload), the
// export lists them and trackAgent reports them once. And every way it can go wrong.
import { type Locator, type Page, expect, test } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { demoWith, exported, messages, openChat, pendoCalls, recordChatApi, savedSession, violations } from './support';

const CSV = 'region,total\nnorth,12\nsouth,30\n';
/** A real 2×2 PNG, so that its thumbnail is drawn. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

const csvFile = { name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) };
const pngFile = { name: 'chart.png', mimeType: 'image/png', buffer: PNG };

/** Chooses files through the "Attach files" button's file picker. */
async function attachByButton(page: Page, dialog: Locator, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

/** Drops (or pastes) files made in the page: `how` names the event, `target` the element it is fired at. */
async function fireFiles(page: Page, how: 'drop' | 'paste', target: 'section' | 'textarea', files: { name: string; type: string; text?: string; base64?: string }[]) {
  await page.evaluate(({ how, target, files }) => {
    const transfer = new DataTransfer();
    for (const f of files) {
      const bytes = f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new TextEncoder().encode(f.text ?? '');
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const element = document.querySelector('[data-agent-chat]')!.shadowRoot!.querySelector(target)!;
    const init = { bubbles: true, cancelable: true, composed: true };
    if (how === 'drop') {
      element.dispatchEvent(new DragEvent('dragover', { ...init, dataTransfer: transfer }));
      element.dispatchEvent(new DragEvent('drop', { ...init, dataTransfer: transfer }));
    } else {
      element.dispatchEvent(new ClipboardEvent('paste', { ...init, clipboardData: transfer }));
    }
  }, { how, target, files });
}

/** Every POST /api/files the page makes. */
function recordUploads(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/files') names.push(decodeURIComponent(request.headers()['x-file-name'] ?? ''));
  });
  return names;
}

/** The uploads in the composer are done: no progress bar is left. */
const uploadsDone = (dialog: Locator) => expect(dialog.getByRole('progressbar')).toHaveCount(0);

/** The message's files as the gateway's SSE stream replays them. */
async function storedAttachments(token: string, messageId: string): Promise<Record<string, unknown>[]> {
  const controller = new AbortController();
  const response = await fetch(`${baseURL}/eventrouter/v1/sse`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (let chunk = await reader.read(); !chunk.done && !text.includes(messageId); chunk = await reader.read()) text += chunk.value;
    // The rest of the event that names the message.
    for (let chunk = await reader.read(); !chunk.done && !text.slice(text.indexOf(messageId)).includes('\n\n'); chunk = await reader.read()) text += chunk.value;
  } finally {
    controller.abort();
  }
  const line = text.split('\n').find((l) => l.startsWith('data: ') && l.includes(messageId))!;
  return JSON.parse(JSON.parse(line.slice(6)).conversationEntry.entryPayload).abstractMessage.attachments;
}

test('a CSV and a PNG attached by the button go with a prompt: gateway, transcript, reload, export, and one trackAgent call', async ({ page }) => {
  const bodies = recordChatApi(page);
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1); // the welcome

  await attachByButton(page, dialog, [csvFile, pngFile]);
  await expect(dialog.getByRole('button', { name: 'Remove data.csv' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Remove chart.png' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'chart.png' })).toBeVisible(); // its thumbnail, from the local file
  await uploadsDone(dialog);
  expect(await violations(page)).toEqual([]);

  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill('What does the data show?');
  await composer.press('Enter');
  await expect(dialog.getByRole('button', { name: /^Remove / })).toHaveCount(0); // the composer is empty again
  const visitor = messages(dialog).nth(1);
  await expect(visitor).toContainText('What does the data show?');
  await expect(visitor).toContainText('data.csv');
  await expect(visitor.getByRole('img', { name: 'chart.png' })).toBeVisible();
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 }); // the answer
  await expect(messages(dialog).nth(2)).toContainText('data.csv, chart.png');

  // The Chat API body, exactly: the files the gateway answered for, with the message.
  const sent = bodies.filter((b) => b['eventType'] === 'message');
  expect(sent).toHaveLength(1);
  const { conversationId, token } = await savedSession(page);
  expect(sent[0]).toEqual({
    platformConversationId: conversationId, eventType: 'message', text: 'What does the data show?', messageId: expect.any(String),
    attachments: [
      { id: expect.any(String), name: 'data.csv', type: 'csv', size: CSV.length },
      { id: expect.any(String), name: 'chart.png', type: 'png', size: PNG.length },
    ],
  });
  const messageId = sent[0]!['messageId'] as string;
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  const prompts = (await pendoCalls(page)).filter((c) => c.eventType === 'prompt');
  expect(prompts.map((c) => [c.agenticProperties['messageId'], c.agenticProperties['content'], c.agenticProperties['agentFilesUploaded']])).toEqual([
    [messageId, 'What does the data show?', [{ type: 'csv', name: 'data.csv' }, { type: 'png', name: 'chart.png' }]],
  ]);

  // The gateway has them, and serves each file behind its signed URL.
  const stored = await storedAttachments(token, messageId);
  expect(stored.map(({ url: _url, ...a }) => a)).toEqual((sent[0]!['attachments'] as unknown[]));
  const csvServed = await fetch(stored[0]!['url'] as string);
  expect(await csvServed.text()).toBe(CSV);
  expect(csvServed.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''data.csv");

  // After a reload, the transcript shows them again, the image drawn from the gateway's URL.
  await page.reload();
  const again = await openChat(page);
  const replayed = messages(again).nth(1);
  await expect(replayed).toContainText('data.csv');
  const thumbnail = replayed.getByRole('img', { name: 'chart.png' });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);

  // The export lists them on the message record.
  const records = await exported('messages', { conversation_id: conversationId });
  const record = records.find((r) => r['_id'] === messageId)!;
  expect(record['attachments'].map((a: Record<string, unknown>) => [a['name'], a['type'], a['size']])).toEqual([['data.csv', 'csv', CSV.length], ['chart.png', 'png', PNG.length]]);

  // trackAgent, after the reload (Pendo's stand-in starts afresh): the replayed prompt is not tracked again.
  await expect(messages(again)).toHaveCount(3);
  expect((await pendoCalls(page)).filter((c) => c.eventType === 'prompt')).toEqual([]);
});

test('files dropped on the panel and pasted into the composer are attached; one can be removed; a message may be files only', async ({ page }) => {
  const bodies = recordChatApi(page);
  const uploads = recordUploads(page);
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);

  await fireFiles(page, 'drop', 'section', [{ name: 'notes.txt', type: 'text/plain', text: 'Order 1042 arrived damaged.' }]);
  await expect(dialog.getByRole('button', { name: 'Remove notes.txt' })).toBeVisible();
  await fireFiles(page, 'paste', 'textarea', [{ name: 'image.png', type: 'image/png', base64: PNG.toString('base64') }]);
  await expect(dialog.getByRole('img', { name: 'image.png' })).toBeVisible();
  await uploadsDone(dialog);
  expect(uploads).toEqual(['notes.txt', 'image.png']);

  await dialog.getByRole('button', { name: 'Remove image.png' }).click();
  await expect(dialog.getByRole('img', { name: 'image.png' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Send' })).toBeEnabled(); // files alone may be sent
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(messages(dialog).nth(1)).toContainText('notes.txt');
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
  const sent = bodies.filter((b) => b['eventType'] === 'message');
  expect(sent.map((b) => [b['text'], (b['attachments'] as { name: string }[]).map((a) => a.name)])).toEqual([['', ['notes.txt']]]);
});

test('limits known before uploading: too large, a type not accepted, too many: a clear message, nothing uploaded or sent', async ({ page }) => {
  const bodies = recordChatApi(page);
  const uploads = recordUploads(page);
  await demoWith(page, 'data-max-file-bytes="1000" data-max-files="2"');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);

  await attachByButton(page, dialog, [{ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(2000, 'a') }]);
  await expect(dialog.getByRole('alert')).toHaveText('big.csv is over 1 kB');
  await attachByButton(page, dialog, [{ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') }]);
  await expect(dialog.getByRole('alert')).toHaveText("setup.exe: this type of file can't be sent");
  await attachByButton(page, dialog, [csvFile, pngFile, { name: 'third.txt', mimeType: 'text/plain', buffer: Buffer.from('x') }]);
  await expect(dialog.getByRole('alert')).toHaveText('At most 2 files at a time');
  await expect(dialog.getByRole('button', { name: /^Remove / })).toHaveCount(2);
  await uploadsDone(dialog);
  expect(uploads).toEqual(['data.csv', 'chart.png']);
  expect(bodies.filter((b) => b['eventType'] === 'message')).toEqual([]);
});

test('a .png that is really HTML is refused by the gateway: the chip says so, and the file can be removed', async ({ page }) => {
  const answers: number[] = [];
  page.on('response', (r) => new URL(r.url()).pathname === '/api/files' && answers.push(r.status()));
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  await attachByButton(page, dialog, [{ name: 'chart.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') }]);
  await expect(dialog.getByRole('alert')).toHaveText('Upload failed'); // announced as it appears
  const chip = dialog.locator('.file', { hasText: 'Upload failed' });
  expect(answers).toEqual([415]);
  await expect(chip).toHaveAttribute('title', /chart\.png is not a file type the chat accepts/);
  await dialog.getByRole('button', { name: 'Remove chart.png' }).click();
  await expect(dialog.locator('.file')).toHaveCount(0);
});

test('an upload cut halfway fails with a retry; the retried file goes with the message', async ({ page }) => {
  const bodies = recordChatApi(page);
  let cut = true;
  await page.route('**/api/files', (route) => (cut ? ((cut = false), route.abort('connectionreset')) : route.continue()));
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  await attachByButton(page, dialog, [csvFile]);
  await expect(dialog.getByRole('alert')).toHaveText('Upload failed');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await uploadsDone(dialog);
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('here it is');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
  expect(bodies.filter((b) => b['eventType'] === 'message').map((b) => (b['attachments'] as { name: string }[]).map((a) => a.name))).toEqual([['data.csv']]);
});

test("the gateway refuses a wrong token and another conversation's file on a message", async ({ page, request }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  await attachByButton(page, dialog, [csvFile]);
  await uploadsDone(dialog);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('mine');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
  const { token } = await savedSession(page);

  const wrongToken = await request.post('/api/files', { headers: { Authorization: `Bearer ${token}x`, 'X-File-Name': 'a.csv' }, data: Buffer.from(CSV) });
  expect(wrongToken.status()).toBe(401);

  // Another visitor's conversation names this visitor's file: refused, nothing stored.
  const theirs = crypto.randomUUID();
  const start = await request.post('/converse/chat', { data: { platformConversationId: theirs, eventType: 'startSession' } });
  const theirToken = (await start.json()).token as string;
  const { conversationId } = await savedSession(page);
  const [mine] = (await exported('messages', { conversation_id: conversationId })).filter((r) => r['attachments']);
  const refused = await request.post('/converse/chat', {
    headers: { Authorization: `Bearer ${theirToken}` },
    data: { platformConversationId: theirs, eventType: 'message', text: 'steal', attachments: [{ id: mine!['attachments'][0].id, name: 'data.csv', type: 'csv', size: CSV.length }] },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.code).toBe('unknown_attachment');
});
