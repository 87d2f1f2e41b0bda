// Not a test: screenshots of issue 4's rich states (npm run screenshots), to look at after any
// change to the carousel, notices, menu or the ended panel.
import { type Locator, expect, test } from '@playwright/test';
import { messages, say } from '../support';

const looks = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' as const },
  { name: 'phone-dark', viewport: { width: 390, height: 780 }, colorScheme: 'dark' as const },
];

/** The panel alone (on a phone it is the whole screen). */
const shoot = (dialog: Locator, state: string, look: string) =>
  dialog.screenshot({ path: `docs/rich-${state}-${look}.png`, animations: 'disabled', caret: 'hide' });

for (const look of looks) {
  test(`rich states, ${look.name}`, async ({ page }) => {
    await page.setViewportSize(look.viewport);
    await page.emulateMedia({ colorScheme: look.colorScheme });
    await page.goto('/');

    const dialog = await say(page, 'carousel');
    const carousel = dialog.getByRole('region', { name: 'Here are a few options' });
    await expect(carousel.getByRole('button', { name: 'Previous' })).toBeDisabled(); // the first card, to see the disabled look
    await expect(carousel.getByRole('img')).toHaveJSProperty('complete', true);
    await shoot(dialog, 'carousel', look.name);

    await say(page, 'handoff');
    await expect(messages(dialog).last()).toContainText("Hi, I'm Alex", { timeout: 15_000 });
    await shoot(dialog, 'handoff', look.name);

    await dialog.getByRole('button', { name: 'More options' }).click();
    await expect(dialog.getByRole('menu')).toBeVisible();
    await shoot(dialog, 'menu', look.name);

    await dialog.getByRole('menuitem', { name: 'End conversation' }).click();
    await expect(dialog.getByRole('button', { name: 'Start new conversation' })).toBeVisible();
    await shoot(dialog, 'ended', look.name);
  });
}
