// POST /converse/chat (PROTOCOL §1): validate, authenticate, store the event and hand it to the
// bot, answer. The bot's replies come later over SSE. A stop goes straight to the bot.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeConversation } from '../agents/actions';
import type { Bot, BotRequest } from '../agents/bot';
import { deviceOf } from '../analytics/device';
import { VISITOR } from '../events/envelope';
import type { EventLog } from '../events/event-log';
import { HttpError, readJson, sendJson } from '../http/errors';
import { bearerToken } from '../http/headers';
import type { KeyedQueue } from '../limits/keyed-queue';
import { readBody } from '../events/message-body';
import type { ConversationRecord, ConversationStore, FileStore } from '../store/store';
import { resolveAttachments, withUrls } from '../files/attachments';
import type { FileUrls } from '../files/file-urls';
import type { TokenSigner } from '../auth/token';
import { validateChatRequest } from './validate';

export const MAX_BODY_BYTES = 64 * 1024;

export interface ChatApiDeps {
  store: ConversationStore & Pick<FileStore, 'fileOf'>;
  /** Signs the URLs of a message's files for the agent. */
  urls: FileUrls;
  log: EventLog;
  bot: Bot;
  tokens: TokenSigner;
  clock: () => number;
  botName: string;
  /** Rejects with a 429 when the conversation sends too fast. */
  limit(conversationId: string): Promise<void>;
  /** Serialises each conversation's events (see limits/keyed-queue.ts). */
  queue: KeyedQueue;
}

export async function handleChatApi(req: IncomingMessage, res: ServerResponse, deps: ChatApiDeps): Promise<void> {
  const { store, tokens, clock } = deps;
  const validation = validateChatRequest(await readJson(req, MAX_BODY_BYTES));
  if (!validation.ok) throw new HttpError(400, 'invalid_request', validation.message);
  const request: BotRequest = validation.value;
  const id = request.platformConversationId;
  const existing = await store.getConversation(id);
  let issuedToken: string | undefined;
  if (existing) {
    const token = bearerToken(req);
    if (!token) throw new HttpError(401, 'unauthorized', 'This conversation exists: send its token as "Authorization: Bearer <token>".');
    if (tokens.verify(token) !== id) throw new HttpError(401, 'unauthorized', 'The token is not valid for this conversation.');
    // An active conversation keeps a live token: the widget stores the one in the answer.
    issuedToken = tokens.renewal(token) ?? undefined;
  }
  // Charged only once the caller proved the conversation is theirs: a stranger who knows the id
  // cannot spend the visitor's budget.
  await deps.limit(id);

  // Nothing streams in a conversation that does not exist: a stop for it changes nothing.
  if (!existing && request.eventType === 'stop') return sendJson(res, 200, { ok: true });
  if (!existing) {
    // The first request of a conversation needs no credentials; it receives the token. Its
    // browser's device class goes into the conversation's metadata for the export.
    const now = clock();
    const metadata = { device: deviceOf(req.headers['user-agent']) };
    await store.createConversation({ id, botName: deps.botName, createdAt: now, lastActionAt: now, status: 'open', metadata, welcomed: false });
    issuedToken = tokens.sign(id);
  }
  if (request.eventType === 'message') request.messageId ??= randomUUID();
  // Not queued: it must reach the reply streaming now, not wait behind the conversation's next events.
  if (request.eventType === 'stop') {
    deps.bot.stop(id);
    return sendJson(res, 200, { ok: true, ...(issuedToken && { token: issuedToken }) });
  }

  const applied = await deps.queue.run(id, () => apply(request, deps));
  sendJson(res, 200, { ok: true, ...(issuedToken && { token: issuedToken }), ...(!applied && { duplicate: true }) });
}

/**
 * Applies one event after the conversation's earlier events. False when it was a repeat that
 * changed nothing (the answer then says duplicate:true).
 */
async function apply(request: BotRequest, deps: ChatApiDeps): Promise<boolean> {
  // Read now, not before queueing: an event ahead of this one may have closed or welcomed it.
  const conversation = (await deps.store.getConversation(request.platformConversationId))!;
  if (conversation.status === 'closed' && request.eventType !== 'endSession') throw closedError();
  if (request.eventType === 'message') return applyMessage(request, conversation, deps);
  const fresh = isNew(request, conversation);
  if (fresh) await forward(request, deps.bot);
  return record(request, conversation, deps, fresh);
}

const closedError = () => new HttpError(409, 'conversation_closed', 'This conversation has ended; start a new one with a new platformConversationId.');

/**
 * A visitor message is stored (and echoed) first and forwarded after, so no reply can be stored
 * before its question. A message the agent has not accepted yet is forwarded again on the retry
 * (same messageId); one it has accepted, never.
 */
async function applyMessage(request: BotRequest, conversation: ConversationRecord, deps: ChatApiDeps): Promise<boolean> {
  const { store, log, clock } = deps;
  const id = conversation.id;
  const messageId = request.messageId!;
  // The conversation's own files only, as stored; the agent gets them with signed URLs.
  const attachments = request.attachments && (await resolveAttachments(store, id, request.attachments));
  if (attachments) request.attachments = withUrls(attachments, id, deps.urls);
  const known = await store.visitorMessage(id, messageId);
  // Conditional: the idle timeout or the agent may have closed the conversation since it was read.
  if (!known && !(await store.visitorWrote(id, clock()))) throw closedError();
  await store.updateConversation(id, { lastActionAt: clock(), ...metadataPatch(request, conversation) });
  if (known?.forwarded) return false;
  if (!known) {
    const text = request.text!;
    const abstractMessage = {
      messageType: 'StaticContentMessage' as const, id: messageId, staticContent: { formatType: 'Text' as const, text }, ...(attachments && { attachments }),
    };
    const stored = await log.durable(id, { entryType: 'Message', id: messageId, abstractMessage }, VISITOR, {
      id: messageId, role: 'EndUser', text, body: JSON.stringify(abstractMessage), action: await userAction(request, store),
      ...(request.cardIndex !== undefined && { cardIndex: request.cardIndex }),
    });
    if (!stored) return false; // stored meanwhile (another instance took the retry)
  }
  await forward(request, deps.bot);
  await store.markForwarded(id, messageId, clock());
  return !known;
}

async function forward(request: BotRequest, bot: Bot): Promise<void> {
  try {
    await bot.receive(request);
  } catch {
    throw new HttpError(502, 'bot_unavailable', 'The agent could not be reached. Retry with the same messageId.');
  }
}

/** Repeats change nothing: a second startSession (no second welcome), a second endSession. */
function isNew(request: BotRequest, conversation: ConversationRecord): boolean {
  switch (request.eventType) {
    case 'startSession':
      return !conversation.welcomed;
    case 'endSession':
      return conversation.status !== 'closed';
    default:
      return true;
  }
}

const metadataPatch = (request: BotRequest, conversation: ConversationRecord) =>
  request.metadata ? { metadata: { ...conversation.metadata, ...Object.fromEntries(request.metadata.map((p) => [p.key, p.value])) } } : {};

/**
 * How the visitor produced a message: a carousel card carries cardIndex; a button press sends the
 * title of an option the latest agent message offered; anything else was typed.
 */
async function userAction(request: BotRequest, store: ConversationStore): Promise<'text' | 'button' | 'carousel'> {
  if (request.cardIndex !== undefined) return 'carousel';
  const offered = readBody((await store.lastAgentMessage(request.platformConversationId))?.body ?? '');
  return offered.options.includes(request.text!) ? 'button' : 'text';
}

/** Stores what a session event changed: metadata always; the rest only the first time. False for a repeat. */
async function record(request: BotRequest, conversation: ConversationRecord, { store, log, clock }: ChatApiDeps, fresh: boolean): Promise<boolean> {
  const id = conversation.id;
  await store.updateConversation(id, {
    lastActionAt: clock(),
    ...metadataPatch(request, conversation),
    ...(fresh && request.eventType === 'startSession' && { welcomed: true }),
  });
  // Only the first closer tells the widget: the agent or the idle timeout may have closed it meanwhile.
  if (fresh && request.eventType === 'endSession') await closeConversation({ log, store, clock }, id, 'EndUser');
  return fresh || request.eventType === 'metadata';
}
