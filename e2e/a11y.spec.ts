import { expect, test } from '@playwright/test';
import { messages, openChat, recordTexts, violations } from './support';

test('axe finds nothing in any state: closed, open, streaming, buttons, carousel, hand-off, ended', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
  expect(await violations(page), 'closed').toEqual([]);

  const dialog = await openChat(page);
  await expect(messages(dialog)).toHaveCount(1);
  expect(await violations(page), 'open').toEqual([]);

  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill('long answer');
  await composer.press('Enter');
  await expect(dialog.locator('[aria-busy="true"]')).toBeVisible();
  expect(await violations(page), 'streaming').toEqual([]);
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });

  await composer.fill('buttons');
  await composer.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Not really' })).toBeVisible();
  expect(await violations(page), 'buttons').toEqual([]);

  await composer.fill('carousel');
  await composer.press('Enter');
  await expect(dialog.getByRole('group', { name: 'Comfort Headphones' })).toBeVisible(); // the first card; the others are hidden
  expect(await violations(page), 'carousel').toEqual([]);

  await composer.fill('handoff');
  await composer.press('Enter');
  await expect(dialog.getByText(/I'm Alex from the Northwind team/)).toBeVisible({ timeout: 15_000 });
  expect(await violations(page), 'hand-off').toEqual([]);

  await composer.fill('end');
  await composer.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Start new conversation' })).toBeVisible({ timeout: 15_000 });
  expect(await violations(page), 'ended').toEqual([]);
});

test('keyboard only: open, type, send, pick a button, move through a carousel, react, close, with focus where it belongs', async ({ page }) => {
  await page.goto('/');
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeFocused();
  await page.keyboard.type('buttons');
  await page.keyboard.press('Enter');
  const yes = dialog.getByRole('button', { name: 'Yes, thanks' });
  await expect(yes).toBeVisible({ timeout: 15_000 });
  await yes.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('log').getByText('Yes, thanks', { exact: true }).last()).toBeVisible();
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });

  // A carousel: from Next, the arrow keys move through the cards; focus stays on the pager.
  await composer.focus();
  await page.keyboard.type('carousel');
  await page.keyboard.press('Enter');
  const carousel = dialog.getByRole('region', { name: 'Here are a few options' });
  const next = carousel.getByRole('button', { name: 'Next' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(carousel.getByText('2 of 3')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(carousel.getByText('3 of 3')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(carousel.getByText('2 of 3')).toBeVisible();
  await expect(next).toBeFocused();

  // React to an answer: Space toggles "Not helpful", Tab reaches the comment, Enter sends it.
  const notHelpful = dialog.getByRole('button', { name: 'Not helpful' }).last();
  await notHelpful.focus();
  await page.keyboard.press('Space');
  await expect(notHelpful).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('textbox', { name: 'What went wrong? (optional)' })).toBeFocused();
  await page.keyboard.type('Too short');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status').filter({ hasText: 'Thanks for your feedback' })).toBeVisible();
  await expect(notHelpful).toBeFocused(); // the form went away; focus did not

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(launcher).toBeFocused();
});

test('each new final message is announced once in the polite live region, not per token, not on reload', async ({ page }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  const region = page.locator('[data-agent-chat]').locator('[aria-live="polite"][aria-atomic="true"]');
  // Said as the visitor reads it: the Markdown's words, not its markers.
  await expect(region).toHaveText(/^Aria: Hi, I'm Aria/);
  const said = await recordTexts(page, '.root > [aria-live="polite"]');
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill('How much does it cost?');
  await composer.press('Enter');
  // The welcome still, then the reply once, when final: nothing while its tokens streamed.
  await expect.poll(said, { timeout: 15_000 }).toEqual([
    "Aria: Hi, I'm Aria, the Northwind support agent. Ask me anything about agent-chat, or type one of buttons, quick replies, carousel, link, long answer, markdown, progress, handoff or end to see a feature.",
    'Aria: The widget is free and open source; you run the gateway on your own infrastructure. Typical plans look like this:\n' +
      'Starter: one agent, up to 10,000 conversations a month\nTeam: unlimited agents, export and analytics\n' +
      'Enterprise: single sign-on, audit logs and a support SLA\n' +
      'This is a demo, so the plans are illustrative. Shall I explain what the gateway does?',
  ]);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await page.waitForTimeout(1000); // the history replays
  await expect(page.locator('[data-agent-chat]').locator('[aria-live="polite"][aria-atomic="true"]')).toHaveText('');
});

test('axe finds nothing offline or with the reaction comment open', async ({ page }) => {
  await page.goto('/');
  const dialog = await openChat(page);
  await expect(dialog.getByRole('button', { name: 'Not helpful' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Not helpful' }).click();
  await expect(dialog.getByRole('textbox', { name: 'What went wrong? (optional)' })).toBeVisible();
  expect(await violations(page), 'reaction comment').toEqual([]);
  await page.context().setOffline(true);
  await expect(dialog.getByRole('status', { name: "You're offline" })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Are you there?');
  await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(dialog.getByText('Sending…')).toBeVisible();
  expect(await violations(page), 'offline').toEqual([]);
  await page.context().setOffline(false);
  await expect(dialog.getByText('Read')).toBeVisible({ timeout: 15_000 });
});

test('axe finds nothing in the dark theme or on a phone', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 780 });
  await page.goto('/');
  const dialog = await openChat(page);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('buttons');
  await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(dialog.getByRole('button', { name: 'Not really' })).toBeVisible({ timeout: 15_000 });
  expect(await violations(page)).toEqual([]);
});
