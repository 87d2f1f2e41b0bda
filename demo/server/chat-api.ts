// POST /converse/chat (PROTOCOL §1): validate, authenticate, apply the event, answer at once.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatApiRequest } from '../../widget/protocol/wire';
import type { Bot } from './demo-bot';
import { SYSTEM, VISITOR } from './envelope';
import type { EventLog } from './event-log';
import { HttpError, bearerToken, readJson, sendJson } from './http';
import type { Store } from './store';
import type { TokenSigner } from './token';
import { validateChatRequest } from './validate';

export const MAX_BODY_BYTES = 64 * 1024;

export interface ChatApiDeps {
  store: Store;
  log: EventLog;
  bot: Bot;
  tokens: TokenSigner;
  clock: () => number;
  botName: string;
}

export async function handleChatApi(req: IncomingMessage, res: ServerResponse, deps: ChatApiDeps): Promise<void> {
  const { store, tokens, clock } = deps;
  const validation = validateChatRequest(await readJson(req, MAX_BODY_BYTES));
  if (!validation.ok) throw new HttpError(400, 'invalid_request', validation.message);
  const request = validation.value;
  const id = request.platformConversationId;
  const now = clock();

  let conversation = store.getConversation(id);
  let issuedToken: string | undefined;
  if (!conversation) {
    // The first request of a conversation needs no credentials; it receives the token.
    conversation = { id, botName: deps.botName, createdAt: now, lastActionAt: now, status: 'open', metadata: {}, welcomed: false };
    store.createConversation(conversation);
    issuedToken = tokens.sign(id);
  } else {
    const token = bearerToken(req);
    if (!token) throw new HttpError(401, 'unauthorized', 'This conversation exists: send its token as "Authorization: Bearer <token>".');
    if (tokens.verify(token) !== id) throw new HttpError(401, 'unauthorized', 'The token is not valid for this conversation.');
  }
  if (conversation.status === 'closed' && request.eventType !== 'endSession') {
    throw new HttpError(409, 'conversation_closed', 'This conversation has ended; start a new one with a new platformConversationId.');
  }

  const metadata = request.metadata && { ...conversation.metadata, ...Object.fromEntries(request.metadata.map((p) => [p.key, p.value])) };
  store.updateConversation(id, { lastActionAt: now, ...(metadata && { metadata }) });
  applyEvent(request, deps, conversation.welcomed);
  sendJson(res, 200, issuedToken ? { ok: true, token: issuedToken } : { ok: true });
}

function applyEvent(request: ChatApiRequest, { store, log, bot, clock }: ChatApiDeps, welcomed: boolean): void {
  const id = request.platformConversationId;
  switch (request.eventType) {
    case 'startSession':
      if (!welcomed) {
        store.updateConversation(id, { lastActionAt: clock(), welcomed: true });
        bot.onStartSession(id);
      }
      return;
    case 'message': {
      const messageId = request.messageId ?? randomUUID();
      const text = request.text!;
      const abstractMessage = { messageType: 'StaticContentMessage' as const, id: messageId, staticContent: { formatType: 'Text' as const, text } };
      // A repeated messageId is the same message: stored once, answered once (idempotent).
      const echo = log.durable(id, 'CONVERSATION_MESSAGE', { entryType: 'Message', id: messageId, abstractMessage }, VISITOR, {
        id: messageId, role: 'EndUser', text, body: JSON.stringify(abstractMessage), ...(request.cardIndex !== undefined && { cardIndex: request.cardIndex }),
      });
      if (echo) bot.onMessage(id, { id: messageId, text });
      return;
    }
    case 'endSession':
      if (store.getConversation(id)?.status !== 'closed') {
        store.updateConversation(id, { lastActionAt: clock(), status: 'closed' });
        log.durable(id, 'CONVERSATION_CLOSE_CONVERSATION', { entryType: 'CloseConversation', id: randomUUID(), reason: 'EndUser' }, SYSTEM);
      }
      return;
    case 'metadata':
      return; // stored above; no bot interaction
  }
}
