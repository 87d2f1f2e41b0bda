import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type Browser, type Page, expect, test } from '@playwright/test';
import { EXPORT_API_KEY, baseURL } from '../playwright.config';
import { E2E_PORT, startGateway } from './gateway-process';
import { openChat } from './support';

/** A page view: waits for its impression to be recorded; returns the body the widget sent. */
async function view(tab: Page, url: string): Promise<unknown> {
  const beacon = tab.waitForResponse((r) => r.url().endsWith('/api/track-interaction'));
  await tab.goto(url);
  const response = await beacon;
  expect(response.status()).toBe(200);
  return response.request().postDataJSON();
}

/** A visitor with their own browser storage. */
async function visitor(browser: Browser) {
  const context = await browser.newContext();
  return { tab: await context.newPage(), leave: () => context.close() };
}

test('3 conversations initialized on 5 page views, 1 used: a 33.3 % interaction rate from real widgets, and the dashboard shows it', async ({ browser, page }) => {
  test.setTimeout(60_000);
  // A page unique to this run, so tests running beside it cannot change its counts.
  const url = `/?run=${randomUUID().slice(0, 8)}`;

  // One visitor chats, then comes back twice: three page views of one conversation.
  const chatty = await visitor(browser);
  const impression = await view(chatty.tab, url);
  const userAgent = await chatty.tab.evaluate(() => navigator.userAgent);
  // The page's language is the widget's resolved locale; the gateway adds the address and the device.
  expect(impression).toEqual({
    conversation_id: expect.stringMatching(/^[0-9a-f-]{36}$/), page_url: `${baseURL}${url}`, source: 'web', language: 'en', environment: 'development',
    metadata: { page_url: `${baseURL}${url}`, user_agent: userAgent, widget_loaded: true, referrer: '' },
  });
  const dialog = await openChat(chatty.tab);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('hello');
  await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(dialog.getByText('Sent').or(dialog.getByText('Delivered')).or(dialog.getByText('Read'))).toBeVisible();
  await view(chatty.tab, url);
  await view(chatty.tab, url);
  await chatty.leave();
  // Two visitors only see the launcher.
  for (let i = 0; i < 2; i++) {
    const passer = await visitor(browser);
    await view(passer.tab, url);
    await passer.leave();
  }

  const now = Math.floor(Date.now() / 1000);
  const response = await fetch(`${baseURL}/api/analytics?start_time=${now - 600}&end_time=${now + 60}`, { headers: { 'x-api-key': EXPORT_API_KEY } });
  const body = (await response.json()) as { byPage: { page: string }[]; interactionRate: number };
  expect(body.byPage.filter((p) => p.page === `${baseURL}${url}`)).toEqual([
    { page: `${baseURL}${url}`, pageViews: 5, initialized: 3, engaged: 1, interactionRate: 33.3, abandoned: 2 },
  ]);
  expect(body.interactionRate).toBeLessThanOrEqual(100);

  await page.goto('/analytics.html');
  await expect(page.getByText("Enter one of the keys in the gateway's EXPORT_API_KEYS.")).toBeVisible();
  await page.getByLabel('API key').fill(EXPORT_API_KEY);
  await page.getByRole('button', { name: 'Show' }).click();
  const results = page.getByRole('region', { name: 'Results' });
  for (const term of ['Page views', 'Conversations initialized', 'Chats opened', 'Engaged', 'Interaction rate', 'Abandoned']) {
    await expect(results.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) })).toBeVisible();
  }
  await expect(results.getByRole('img', { name: /^Interaction by hour\./ })).toBeVisible();
  await expect(results.getByRole('list', { name: 'By page' }).getByRole('listitem').filter({ hasText: url }))
    .toContainText('5 page views · 3 initialized · 1 engaged (33.3%)');
  await page.screenshot({ path: test.info().outputPath('dashboard.png'), fullPage: true });

  await page.getByLabel('API key').fill('wrong');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('alert')).toHaveText('The x-api-key header is missing or not a valid key.');
});

test.describe('the dashboard of a gateway started with no EXPORT_API_KEYS', () => {
  test('in development: the gateway prints the key it made, the page says where it is, and the key works', async ({ page }) => {
    const port = E2E_PORT + 24;
    const dataDir = '.tmp/e2e-analytics-dev-data';
    rmSync(dataDir, { recursive: true, force: true });
    const gateway = await startGateway(port, dataDir, { EXPORT_API_KEYS: '', NODE_ENV: '' });
    try {
      const key = /made an owner key for the analytics and the export:\n {2}([0-9a-f]{64})\n/.exec(gateway.output())?.[1];
      expect(key, gateway.output()).toBeTruthy();
      await page.goto(`http://127.0.0.1:${port}/analytics.html`);
      await expect(page.getByLabel('API key')).toHaveAccessibleDescription(/made an owner key when it started: it printed it/);
      await page.getByLabel('API key').fill(key!);
      await page.getByRole('button', { name: 'Show' }).click();
      await expect(page.getByRole('region', { name: 'Results' }).getByRole('term').filter({ hasText: 'Interaction rate' })).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    } finally {
      gateway.kill();
    }
  });

  test('in production: the page says how to set a key, and offers no form that can only fail', async ({ page }) => {
    const port = E2E_PORT + 25;
    const dataDir = '.tmp/e2e-analytics-prod-data';
    rmSync(dataDir, { recursive: true, force: true });
    const gateway = await startGateway(port, dataDir, { EXPORT_API_KEYS: '', NODE_ENV: 'production' });
    try {
      expect(gateway.output()).not.toMatch(/owner key/);
      await page.goto(`http://127.0.0.1:${port}/analytics.html`);
      await expect(page.getByRole('status')).toHaveText(/Set EXPORT_API_KEYS \(for example EXPORT_API_KEYS=my-key npm start\) and restart it\./);
      await expect(page.getByLabel('API key')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Show' })).toHaveCount(0);
    } finally {
      gateway.kill();
    }
  });
});
