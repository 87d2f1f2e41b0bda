import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_PORT, startGateway as start } from './gateway-process';
import { askUntilSecondAnswerStreams, messages, openChat, pendoCalls, storedMessages } from './support';

const PORT = E2E_PORT + 12; // 4331 by default
const URL = `http://127.0.0.1:${PORT}`;
const DATA = '.tmp/e2e-restart-data';

/** Starts a gateway of its own on a data directory that outlives it. */
const startGateway = () => start(PORT, DATA);

test('the gateway killed mid-stream and restarted on its data: the widget reconnects and nothing is lost or doubled', async ({ page }) => {
  test.setTimeout(90_000);
  rmSync(DATA, { recursive: true, force: true });
  let gateway = await startGateway();
  try {
    await page.goto(`${URL}/`);
    const dialog = await openChat(page);
    // A second question; kill the gateway while its answer streams.
    const composer = await askUntilSecondAnswerStreams(dialog);
    gateway.kill('SIGKILL');
    await expect(dialog.getByRole('status', { name: 'Reconnecting…' })).toBeVisible({ timeout: 10_000 });

    gateway = await startGateway();
    await expect(dialog.getByRole('status', { name: 'Reconnecting…' })).toHaveCount(0, { timeout: 40_000 });
    await composer.fill('How much does it cost?');
    await composer.press('Enter');
    await expect(dialog.getByRole('log').getByText(/free and open source/)).toBeVisible({ timeout: 20_000 });

    // Every durable message once, in order: the cut-off answer never became a message.
    const { token } = JSON.parse((await page.evaluate(() => localStorage.getItem('agent-chat:support-bot')))!) as { token: string };
    const stored = await storedMessages(token, 6, URL);
    expect(stored.map((m) => m.role)).toEqual(['Chatbot', 'EndUser', 'Chatbot', 'EndUser', 'EndUser', 'Chatbot']);
    const shown = await messages(dialog).allInnerTexts();
    for (const question of ['How do I add the widget?', 'What does the tracking send?', 'How much does it cost?']) {
      expect(shown.filter((text) => text.includes(question)), question).toHaveLength(1);
    }
    // One prompt per question, one response per final answer: nothing tracked twice across the restart.
    const calls = await pendoCalls(page);
    expect(calls.map((c) => c.eventType)).toEqual(['agent_response', 'prompt', 'agent_response', 'prompt', 'prompt', 'agent_response']);
    expect(new Set(calls.map((c) => `${c.eventType}:${c.agenticProperties['messageId']}`)).size).toBe(calls.length);
  } finally {
    gateway.kill('SIGTERM');
  }
});
