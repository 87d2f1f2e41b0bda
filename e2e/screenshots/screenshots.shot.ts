// Not a test: takes the README's screenshots of a real conversation (npm run screenshots).
import { expect, test } from '@playwright/test';
import { messages } from '../support';

const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 780 },
];

for (const size of sizes) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`${size.name} ${scheme}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/');
      await page.getByRole('button', { name: 'Open chat' }).click();
      const dialog = page.getByRole('dialog');
      await expect(messages(dialog)).toHaveCount(1);
      await dialog.getByRole('textbox', { name: 'Message' }).fill('How do I add the widget to my site?');
      await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
      await expect(dialog.locator('[aria-busy="true"]')).toBeVisible();
      await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
      await expect(messages(dialog)).toHaveCount(3);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `docs/screenshot-${size.name}-${scheme}.png` });
    });
  }
}
