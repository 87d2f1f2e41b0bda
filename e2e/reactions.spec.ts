// Reactions end to end (PROTOCOL §4): a comment may follow either reaction and travels in that
// reaction's one user_reaction event. The reaction settles when the comment is sent or skipped, the
// panel is closed or the page is left; taking it back and changing one's mind are one event each.
import Database from 'better-sqlite3';
import { type Locator, type Page, type Request, expect, test } from '@playwright/test';
import { type RecordedTrackCall, type StoredMessage, exported, messages, pendoCalls, recordTrackEvents, savedSession, say, storedMessages } from './support';

/** The e2e gateway's database (playwright.config.ts: DATA_DIR .tmp/e2e-data). */
const DATABASE = '.tmp/e2e-data/agent-chat.db';

function storedReaction(conversationId: string, messageId: string) {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT reaction, comment FROM reactions WHERE conversation_id = ? AND message_id = ?').get(conversationId, messageId);
  } finally {
    db.close();
  }
}

interface Answered {
  dialog: Locator;
  helpful: Locator;
  notHelpful: Locator;
  skip: Locator;
  /** The reaction calls made so far (Pendo's), in order. */
  reactionCalls(): Promise<RecordedTrackCall[]>;
  /** The user_reaction call PROTOCOL §4 asks for on the answer. */
  expected(content: 'positive' | 'negative' | 'unreact', comment?: string): Promise<RecordedTrackCall>;
  answer(): Promise<{ conversationId: string; message: StoredMessage }>;
}

/** The demo page, a question, and its answer in full. */
async function answered(page: Page): Promise<Answered> {
  await page.goto('/');
  const dialog = await say(page, 'How much does it cost?');
  await expect(messages(dialog)).toHaveCount(3, { timeout: 15_000 });
  await expect(dialog.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  const answerItem = messages(dialog).nth(2);
  const answer = async () => {
    const { conversationId, token } = await savedSession(page);
    return { conversationId, message: (await storedMessages(token, 3))[2]! };
  };
  return {
    dialog,
    helpful: answerItem.getByRole('button', { name: 'Helpful', exact: true }),
    notHelpful: answerItem.getByRole('button', { name: 'Not helpful', exact: true }),
    skip: answerItem.getByRole('button', { name: 'Skip', exact: true }),
    reactionCalls: async () => (await pendoCalls(page)).filter((c) => c.eventType === 'user_reaction'),
    answer,
    async expected(content, comment) {
      const { conversationId, message } = await answer();
      return {
        eventType: 'user_reaction',
        agenticProperties: {
          agentId: 'support-bot', conversationId, messageId: message.id, content, agentModelsUsed: message.agentMeta!.modelsUsed,
          suggestedPrompt: false, toolsUsed: message.agentMeta!.toolsUsed, agentFilesUploaded: [],
          ...(comment && { agentUserReactionComments: [comment] }),
        },
        properties: {},
      };
    },
  };
}

function recordReactionPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on('request', (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/reactions' && posts.push(request));
  return posts;
}

test('Helpful, then a comment: one user_reaction that carries the comment; the gateway stores both', async ({ page }) => {
  const trackEvents = await recordTrackEvents(page);
  const posts = recordReactionPosts(page);
  const chat = await answered(page);
  await chat.helpful.click();
  await expect(chat.helpful).toHaveAttribute('aria-pressed', 'true');
  const comment = chat.dialog.getByRole('textbox', { name: 'What helped? (optional)' });
  await comment.fill('The price table');
  expect(await chat.reactionCalls()).toEqual([]); // waiting for the comment
  await comment.press('Enter');
  await expect(chat.dialog.getByRole('status').filter({ hasText: 'Thanks for your feedback' })).toBeVisible();
  await expect(chat.helpful).toBeFocused();

  const expected = await chat.expected('positive', 'The price table');
  await expect.poll(chat.reactionCalls).toEqual([expected]);
  expect((await trackEvents()).filter((c) => c.eventType === 'user_reaction')).toEqual([expected]);
  await expect.poll(() => posts.length).toBe(1);
  expect(posts[0]!.postDataJSON()).toEqual(expected);
  expect((await posts[0]!.response())?.status()).toBe(202);
  const { conversationId, message } = await chat.answer();
  expect(storedReaction(conversationId, message.id)).toEqual({ reaction: 'positive', comment: 'The price table' });
  await expect.poll(async () => (await exported('conversations', {})).find((c) => c['_id'] === conversationId)?.['tags']).toEqual(['positiveFeedback']);
});

test('Not helpful, comment skipped: one user_reaction without a comment', async ({ page }) => {
  const chat = await answered(page);
  await chat.notHelpful.click();
  await expect(chat.dialog.getByRole('textbox', { name: 'What went wrong? (optional)' })).toBeVisible();
  await chat.skip.click();
  await expect(chat.dialog.getByRole('textbox', { name: 'What went wrong? (optional)' })).toHaveCount(0);
  await expect(chat.notHelpful).toBeFocused();
  await expect.poll(chat.reactionCalls).toEqual([await chat.expected('negative')]);
});

test('a change of mind and a reaction taken back are one event each; one taken back before it settled is none', async ({ page }) => {
  const chat = await answered(page);
  await chat.helpful.click();
  await chat.helpful.click(); // taken back while waiting for a comment: nothing was reported, nothing to take back
  await expect(chat.helpful).toHaveAttribute('aria-pressed', 'false');
  await chat.helpful.click();
  await chat.skip.click();
  await chat.notHelpful.click(); // a change of mind
  await chat.dialog.getByRole('textbox', { name: 'What went wrong? (optional)' }).fill('Too vague');
  await chat.dialog.getByRole('button', { name: 'Send feedback' }).click();
  await chat.notHelpful.click(); // taken back: at once
  await expect(chat.notHelpful).toHaveAttribute('aria-pressed', 'false');
  const expected = [await chat.expected('positive'), await chat.expected('negative', 'Too vague'), await chat.expected('unreact')];
  await expect.poll(chat.reactionCalls).toEqual(expected);
  const { conversationId, message } = await chat.answer();
  await expect.poll(() => storedReaction(conversationId, message.id)).toEqual({ reaction: null, comment: null });
});

test('closing the panel settles a reaction waiting for its comment', async ({ page }) => {
  const chat = await answered(page);
  await chat.notHelpful.click();
  await page.keyboard.press('Escape');
  await expect(chat.dialog).toBeHidden();
  await expect.poll(chat.reactionCalls).toEqual([await chat.expected('negative')]);
});

test('leaving the page with a comment pending: the reaction reaches Pendo and the gateway, once', async ({ page }) => {
  // The Pendo stand-in's calls die with the page: keep a copy in the tab's sessionStorage as they are made.
  await page.addInitScript(() => {
    addEventListener('pendo-stand-in:call', (event) => {
      const kept = JSON.parse(sessionStorage.getItem('calls-before-leaving') ?? '[]') as unknown[];
      sessionStorage.setItem('calls-before-leaving', JSON.stringify([...kept, (event as CustomEvent).detail]));
    });
  });
  const chat = await answered(page);
  await chat.helpful.click();
  await chat.dialog.getByRole('textbox', { name: 'What helped? (optional)' }).fill('never sent');
  const expected = await chat.expected('positive');
  expect(await chat.reactionCalls()).toEqual([]);

  await page.goto('/analytics.html');
  const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem('calls-before-leaving') ?? '[]') as RecordedTrackCall[]);
  expect(kept.filter((c) => c.eventType === 'user_reaction').map(({ eventType, agenticProperties, properties }) => ({ eventType, agenticProperties, properties }))).toEqual([expected]);
  // The gateway's copy left with keepalive as the page went (Playwright does not list such requests).
  const { conversationId, message } = await chat.answer();
  await expect.poll(() => storedReaction(conversationId, message.id)).toEqual({ reaction: 'positive', comment: null });

});
