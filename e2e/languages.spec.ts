import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { demoWith, messages, openChat, recordConsole } from './support';

test('Arabic: translated names, a right-to-left panel that mirrors, and axe finds nothing', async ({ page }) => {
  await demoWith(page, 'data-locale="ar"');
  await page.getByRole('button', { name: 'فتح المحادثة' }).click();
  const dialog = page.getByRole('dialog', { name: 'Northwind Support' });
  await expect(dialog).toHaveAttribute('dir', 'rtl');
  await expect(dialog).toHaveAttribute('lang', 'ar');
  await expect(dialog.getByRole('button', { name: 'إغلاق المحادثة' })).toBeVisible();
  const composer = dialog.getByRole('textbox', { name: 'رسالة' });
  await expect(composer).toHaveAttribute('placeholder', 'اكتب رسالة…');
  await expect(messages(dialog)).toHaveCount(1);

  await composer.fill('مرحبا');
  await dialog.getByRole('button', { name: 'إرسال' }).click();
  const mine = messages(dialog).nth(1);
  await expect(mine.getByText('تمت القراءة')).toBeVisible(); // "Read"
  // Mirrored: the visitor's bubble sits at the panel's left edge, the agent's at its right.
  const panel = (await dialog.boundingBox())!;
  const visitorBox = (await mine.locator('.bubble').boundingBox())!;
  const agentBox = (await messages(dialog).first().locator('.bubble').first().boundingBox())!;
  expect(visitorBox.x - panel.x).toBeLessThan(40);
  expect(panel.x + panel.width - (agentBox.x + agentBox.width)).toBeLessThan(40);
  await expect(messages(dialog).last().getByRole('button', { name: 'مفيد', exact: true })).toBeVisible({ timeout: 15_000 }); // "Helpful"

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});

test('Japanese from data-locale: strings and times as Japanese writes them', async ({ page }) => {
  await demoWith(page, 'data-locale="ja-JP"');
  await page.getByRole('button', { name: 'チャットを開く' }).click();
  const dialog = page.getByRole('dialog', { name: 'Northwind Support' });
  await expect(dialog).toHaveAttribute('dir', 'ltr');
  await expect(dialog.getByRole('textbox', { name: 'メッセージ' })).toBeVisible();
  const time = await messages(dialog).first().locator('time').innerText();
  expect(time).toMatch(/^\d{1,2}:\d{2}$/); // 24-hour, no AM/PM
});

test('a locale file that fails to load costs one warning and leaves the widget in English', async ({ page }) => {
  const consoleMessages = recordConsole(page);
  await page.route('**/locales/fr.json', (route) => route.fulfill({ status: 404, body: 'missing' }));
  await demoWith(page, 'data-locale="fr"');
  const dialog = await openChat(page);
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeVisible();
  expect(consoleMessages.filter((m) => m.text.includes('[agent-chat]'))).toEqual([
    { type: 'warning', text: expect.stringMatching(/^\[agent-chat\] could not load http:\/\/127\.0\.0\.1:\d+\/locales\/fr\.json \(Error: HTTP 404\); showing English$/) },
  ]);
});

test('messages coming in quick succession while the visitor is at the bottom: the log keeps following, no "New messages"', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1000, height: 560 });
  await page.goto('/');
  const dialog = await openChat(page);
  const log = dialog.getByRole('log');
  await expect(log).toContainText("I'm Aria");
  // Each message shows at once and its answer streams in: appends and growth interleave.
  await page.evaluate(async () => {
    for (let i = 1; i <= 20; i++) {
      (window as unknown as { AgentChat: { send(text: string): void } }).AgentChat.send(`Quick question ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  });
  await expect(log.getByText('Quick question 20', { exact: true })).toBeInViewport();
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 40_000 });
  await expect.poll(() => log.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight)).toBeLessThan(48);
  await expect(dialog.getByRole('button', { name: 'New messages' })).toHaveCount(0);
});

test('a visitor who scrolled up keeps their place; "New messages" takes them down', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 560 }); // a short panel: the answer overflows it
  await page.goto('/');
  const dialog = await openChat(page);
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  await composer.fill('long answer');
  await composer.press('Enter');
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });

  const log = dialog.getByRole('log');
  await expect.poll(() => log.evaluate((box) => box.scrollHeight - box.clientHeight)).toBeGreaterThan(200);
  await log.evaluate((box) => (box.scrollTop = 0));
  await page.evaluate(() => (window as unknown as { AgentChat: { send(text: string): void } }).AgentChat.send('buttons'));
  const more = dialog.getByRole('button', { name: 'New messages' });
  await expect(more).toBeVisible();
  expect(await log.evaluate((box) => box.scrollTop)).toBe(0); // not pulled down

  await more.click();
  await expect(more).toHaveCount(0);
  await expect(log).toBeFocused();
  await expect.poll(() => log.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight)).toBeLessThan(48);
});
