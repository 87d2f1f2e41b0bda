import { randomUUID } from 'node:crypto';
import { type Browser, expect, test } from '@playwright/test';
import { EXPORT_API_KEY, baseURL } from '../playwright.config';
import { openChat } from './support';

/** A visitor with their own browser storage, looking at one page of this run. */
async function visit(browser: Browser, page: string, views: number, then?: 'open' | 'chat') {
  const context = await browser.newContext();
  const tab = await context.newPage();
  for (let i = 0; i < views; i++) {
    const beacon = tab.waitForResponse((r) => r.url().endsWith('/api/track-interaction'));
    await tab.goto(page);
    expect((await beacon).status()).toBe(200);
  }
  if (then) {
    const dialog = await openChat(tab);
    if (then === 'chat') {
      await dialog.getByRole('textbox', { name: 'Message' }).fill('hello');
      await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
      await expect(dialog.getByText('Sent').or(dialog.getByText('Delivered')).or(dialog.getByText('Read'))).toBeVisible();
    } else {
      await expect(dialog.getByRole('log').getByText("I'm")).toBeVisible(); // the welcome: the session started
    }
  }
  await context.close();
}

test('page views and conversations from real widgets come out of /api/analytics exactly, and the dashboard shows them', async ({ browser, page }) => {
  test.setTimeout(60_000);
  // Pages unique to this run, so tests running beside it cannot change these counts.
  const run = randomUUID().slice(0, 8);
  const url = (name: string) => `/?run=${run}&page=${name}`;
  await visit(browser, url('a'), 2, 'chat'); // a returning visitor who chats: 2 impressions, engaged
  await visit(browser, url('b'), 1, 'open'); // opens the chat, says nothing
  await visit(browser, url('c'), 1); // only sees the launcher

  const now = Math.floor(Date.now() / 1000);
  const response = await fetch(`${baseURL}/api/analytics?start_time=${now - 600}&end_time=${now + 60}`, { headers: { 'x-api-key': EXPORT_API_KEY } });
  const body = (await response.json()) as { byPage: { page: string; impressions: number; engaged: number; interactionRate: number }[]; impressions: number; opens: number; engaged: number };
  const mine = body.byPage.filter((p) => p.page.includes(`run=${run}`)).sort((x, y) => x.page.localeCompare(y.page));
  expect(mine).toEqual([
    { page: `${baseURL}${url('a')}`, impressions: 2, engaged: 1, interactionRate: 50 },
    { page: `${baseURL}${url('b')}`, impressions: 1, engaged: 0, interactionRate: 0 },
    { page: `${baseURL}${url('c')}`, impressions: 1, engaged: 0, interactionRate: 0 },
  ]);
  expect(body.impressions).toBeGreaterThanOrEqual(4);
  expect(body.opens).toBeGreaterThanOrEqual(2);
  expect(body.engaged).toBeGreaterThanOrEqual(1);

  await page.goto('/analytics.html');
  await page.getByLabel('API key').fill(EXPORT_API_KEY);
  await page.getByRole('button', { name: 'Show' }).click();
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByRole('term').filter({ hasText: 'Interaction rate' })).toBeVisible();
  await expect(results.getByRole('img', { name: /^Interaction by hour\./ })).toBeVisible();
  await expect(results.getByRole('list', { name: 'By device' }).getByRole('listitem').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('dashboard.png'), fullPage: true });

  await page.getByLabel('API key').fill('wrong');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('alert')).toHaveText('The x-api-key header is missing or not a valid key.');
});
