// Not a test: screenshots of the rich states (npm run screenshots), to look at after any change to
// the carousel, notices, menu, the ended panel, reactions or the right-to-left layout.
import { type Locator, expect, test } from '@playwright/test';
import { demoWith, messages, say } from '../support';

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

test('Arabic, right to left, with a reaction comment open', async ({ page }) => {
  await page.setViewportSize(looks[0]!.viewport);
  await demoWith(page, 'data-locale="ar"');
  await page.getByRole('button', { name: 'فتح المحادثة' }).click();
  const dialog = page.getByRole('dialog');
  const composer = dialog.getByRole('textbox', { name: 'رسالة' });
  await composer.fill('buttons');
  await composer.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Not really' })).toBeVisible({ timeout: 15_000 });
  await dialog.getByRole('button', { name: 'غير مفيد' }).last().click(); // "Not helpful"
  await expect(dialog.getByRole('textbox', { name: 'ما المشكلة؟ (اختياري)' })).toBeVisible();
  await shoot(dialog, 'rtl-reaction', 'desktop-light');
});
