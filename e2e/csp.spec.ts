import { expect, test } from '@playwright/test';
import { DEMO_PAGE_CSP } from '../demo/server/http/static';
import { messages, openChat, pendoCalls, recordTexts } from './support';

test('the full chat runs under a strict CSP with Trusted Types, with no violation', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const response = await page.goto('/');
  expect(response!.headers()['content-security-policy']).toBe(DEMO_PAGE_CSP);
  expect(DEMO_PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);

  const dialog = await openChat(page);
  const composer = dialog.getByRole('textbox', { name: 'Message' });
  const streamed = await recordTexts(page, 'li[aria-busy="true"]');
  await composer.fill('Tell me about tracking');
  await composer.press('Enter');
  await expect.poll(async () => (await streamed()).length).toBeGreaterThan(0); // it streamed
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  await expect(messages(dialog)).toHaveCount(3);
  await expect(dialog.getByRole('log').locator('strong').first()).toBeVisible(); // Markdown rendered as elements
  await expect.poll(() => pendoCalls(page)).toHaveLength(3);
  await page.getByRole('button', { name: 'Open chat' }).click(); // close and reopen
  await openChat(page);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
});

test("a nonce-based CSP with 'strict-dynamic': the nonced script tag brings in the widget's modules, no violation", async ({ page }) => {
  const csp = "default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic'; style-src 'self'; img-src 'self' https:; require-trusted-types-for 'script'; object-src 'none'; base-uri 'none'";
  await page.route('**/nonce.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': csp },
      body: `<!doctype html><html lang="en"><head><title>nonce</title></head><body><h1>Shop</h1>
        <script nonce="r4nd0m" src="/agent-chat.js" data-api-base="/" data-agent-id="support-bot" data-title="Support"></script></body></html>`,
    }),
  );
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  await page.goto('/nonce.html');
  const dialog = await openChat(page, 'Support');
  await expect(dialog.getByRole('log')).toContainText("I'm Aria");
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
});
