// Markdown as agents write it, through the real gateway and the demo bot's "markdown" answer: a
// wide table, a wide code block, a long URL and a long word, streamed token by token.
import { type Page, expect, test } from '@playwright/test';
import { messages, openChat, recordTexts, say, violations } from './support';

const COLUMNS = 'Plan, Agents, Conversations a month, Export, Analytics, Single sign-on, Support';
const CODE = "AgentChat('on', 'response', (message) => analytics.record({ author: message.author, durationMs: message.durationMs, conversationId: message.conversationId }));";

/** Sends "markdown" and waits for the answer to be final; returns it. */
async function markdownAnswer(page: Page) {
  const dialog = await say(page, 'markdown');
  const answer = messages(dialog).last();
  await expect(answer.getByRole('region', { name: `Table: ${COLUMNS}` })).toBeVisible({ timeout: 20_000 });
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  return { dialog, answer };
}

test('a reply with a wide table, a wide code block, a long URL and a long word stays inside the transcript', async ({ page }) => {
  await page.goto('/');
  const { dialog, answer } = await markdownAnswer(page);
  await expect(answer.getByRole('heading', { name: 'Plans compared', level: 3 })).toBeVisible();
  await expect(answer.getByRole('table')).toBeVisible();
  await expect(answer.getByRole('columnheader')).toHaveText(COLUMNS.split(', '));
  await expect(answer.getByRole('row')).toHaveCount(4);
  await expect(answer.getByRole('link', { name: /^https:\/\/docs\.example\.com\/agent-chat\// })).toBeVisible();
  await expect(answer.getByRole('button', { name: 'Copy code' })).toBeVisible();
  await expect(answer.getByRole('checkbox', { name: 'tables, code and lists' })).toBeChecked();
  await expect(answer.getByRole('checkbox', { name: 'voice' })).not.toBeChecked();
  await expect(answer.getByRole('checkbox', { name: 'voice' })).toBeDisabled();
  await expect(answer.getByRole('blockquote')).toContainText('never past the panel');
  await expect(answer.getByRole('deletion')).toHaveText('hidden');
  expect(await violations(page), 'axe on the table, code block and task list').toEqual([]);

  const layout = await dialog.getByRole('log').evaluate((log) => {
    const box = log.getBoundingClientRect();
    const answer = [...log.querySelectorAll(':scope > ol > li')].at(-1)!;
    // What scrolls sideways inside itself may hold wider content; everything else must fit.
    const scrollers = [...answer.querySelectorAll('pre, .table')];
    const outside = [answer, ...answer.querySelectorAll('*')]
      .filter((el) => !scrollers.some((scroller) => scroller !== el && scroller.contains(el)))
      .map((el) => ({ el, rect: el.getBoundingClientRect() }))
      .filter(({ rect }) => rect.width > 0 && (rect.left < box.left - 0.5 || rect.right > box.right + 0.5))
      .map(({ el, rect }) => `${el.tagName}.${el.getAttribute('class') ?? ''} ${Math.round(rect.left)}–${Math.round(rect.right)}`);
    return {
      outside,
      logScrollsSideways: log.scrollWidth > log.clientWidth,
      scrollers: scrollers.map((el) => ({ tag: el.tagName, scrolls: el.scrollWidth > el.clientWidth, focusable: (el as HTMLElement).tabIndex === 0 })),
      box: [Math.round(box.left), Math.round(box.right)],
    };
  });
  expect(layout.outside, `every element within the log's ${layout.box.join('–')}`).toEqual([]);
  expect(layout.logScrollsSideways).toBe(false);
  // The table and the code block are wider than the panel, and scroll inside themselves.
  expect(layout.scrollers).toEqual([
    { tag: 'DIV', scrolls: true, focusable: true },
    { tag: 'PRE', scrolls: true, focusable: true },
  ]);

  // The table's region scrolls from the keyboard.
  const region = answer.getByRole('region', { name: `Table: ${COLUMNS}` });
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});

test('Copy code copies the code and announces "Copied" once', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const { answer } = await markdownAnswer(page);
  const announced = await recordTexts(page, '.root > [aria-live="polite"]');
  await answer.getByRole('button', { name: 'Copy code' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(CODE);
  await expect.poll(announced).toEqual(['Copied']);
  await page.waitForTimeout(300); // nothing more is said
  expect(await announced()).toEqual(['Copied']);
});

test('a streamed Markdown reply shows no raw Markdown marker at any frame', async ({ page }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1); // the welcome
  // Every change to the answer's bubble, as the visitor saw it, from its first token to its final
  // text (the last tokens and the end of the stream may land in one frame: the final frame is the
  // first with the bubble no longer busy).
  await page.evaluate(() => {
    const root = document.querySelector('[data-agent-chat]')!.shadowRoot!;
    const frames: string[] = [];
    (window as unknown as { __frames: string[] }).__frames = frames;
    new MutationObserver(() => {
      const items = root.querySelectorAll('[role="log"] > ol > li');
      if (items.length < 3) return; // the welcome and the visitor's "markdown" come first
      const bubble = items[items.length - 1]!.querySelector<HTMLElement>('.bubble');
      if (bubble && bubble.innerText !== frames[frames.length - 1]) frames.push(bubble.innerText);
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await markdownAnswer(page);
  const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
  // How many frames the visitor sees depends on the machine's load; every prefix of such a reply
  // is checked in widget/ui/markdown/stream.test.ts.
  expect(frames.length, 'the reply streamed in several steps').toBeGreaterThan(2);
  for (const frame of frames) {
    for (const marker of ['**', '~~', '`', '](', '|', '[x]', '[ ]']) expect(frame, `no raw "${marker}"`).not.toContain(marker);
    expect(frame, 'no raw heading, list or quote marker at a line start').not.toMatch(/^\s*(#+|[-*+]|>)(\s|$)/m);
  }
  expect(frames.at(-1)).toContain('Everything above scrolls or wraps inside this bubble');
});
