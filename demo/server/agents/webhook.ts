// POST /converse-webhook (PROTOCOL §3): the upstream bot's replies, turned into SSE events.
import { randomUUID } from 'node:crypto';
import { sameSecret } from '../auth/api-keys';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireTitleOptionItem } from '../../../widget/protocol/wire';
import { type MessageBody, withId } from './bot';
import { BOT, SYSTEM, type Sender } from '../events/envelope';
import type { EventLog } from '../events/event-log';
import { HttpError, readJson, sendJson } from '../http/errors';
import type { ConversationStore } from '../store/store';
import { isRecord } from '../../../widget/protocol/json';

export interface WebhookDeps {
  store: Pick<ConversationStore, 'getConversation' | 'getMessage'>;
  log: EventLog;
  secret: Buffer;
  /** Who the upstream bot is, as the widget shows it. */
  sender?: Sender;
  teamOnline: () => boolean;
}

interface WebhookButton {
  type: 'button' | 'link';
  text: string;
  url?: string;
}

interface WebhookCard {
  title: string;
  description?: string;
  imageUrl?: string;
  buttons: WebhookButton[];
}

const MAX_ID_LENGTH = 100;

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

function secretMatches(given: string | string[] | undefined, secret: Buffer): boolean {
  return sameSecret(Buffer.from(typeof given === 'string' ? given : ''), secret);
}

function buttons(value: unknown, where: string): WebhookButton[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HttpError(400, 'invalid_request', `${where} must be an array.`);
  return value.map((b, i) => {
    if (!isRecord(b) || (b['type'] !== 'button' && b['type'] !== 'link') || typeof b['text'] !== 'string' || !b['text']) {
      throw new HttpError(400, 'invalid_request', `${where}[${i}] must be {"type": "button" | "link", "text": "<string>"}.`);
    }
    if (b['type'] === 'link' && (typeof b['url'] !== 'string' || !/^https?:\/\//.test(b['url']))) {
      throw new HttpError(400, 'invalid_request', `${where}[${i}] is a link and needs an http(s) "url".`);
    }
    return { type: b['type'], text: b['text'], ...(typeof b['url'] === 'string' && { url: b['url'] }) };
  });
}

function cards(value: unknown): WebhookCard[] {
  if (!Array.isArray(value) || value.length === 0) throw new HttpError(400, 'invalid_request', 'data.carouselCards must be a non-empty array for type "carousel".');
  return value.map((c, i) => {
    if (!isRecord(c) || typeof c['title'] !== 'string' || !optionalString(c['description']) || !optionalString(c['imageUrl'])) {
      throw new HttpError(400, 'invalid_request', `data.carouselCards[${i}] needs a string "title" (and optional string "description", "imageUrl").`);
    }
    return {
      title: c['title'],
      ...(typeof c['description'] === 'string' && { description: c['description'] }),
      ...(typeof c['imageUrl'] === 'string' && { imageUrl: c['imageUrl'] }),
      buttons: buttons(c['buttons'], `data.carouselCards[${i}].buttons`),
    };
  });
}

const option = (title: string): WireTitleOptionItem => ({ itemType: 'TitleOptionItem', optionIdentifier: randomUUID(), titleItem: { itemType: 'TitleItem', title } });

/** sendMessage → the abstract messages it stands for, with the text each is stored under. */
function messagesFor(data: Record<string, unknown>): { message: MessageBody; text: string }[] {
  const text = typeof data['text'] === 'string' ? data['text'] : '';
  if (data['type'] === 'carousel') {
    const list = cards(data['carouselCards']);
    return [{
      message: {
        messageType: 'ChoicesMessage',
        choices: {
          formatType: 'Carousel',
          text,
          items: list.map((card, i) => ({
            titleItem: { itemType: 'TitleImageItem', title: card.title, ...(card.description && { subTitle: card.description }), ...(card.imageUrl && { imageId: `image-${i}` }) },
            interactionItems: card.buttons.filter((b) => b.type === 'button').map((b) => option(b.text)),
          })),
          images: list.flatMap((card, i) => (card.imageUrl ? [{ id: `image-${i}`, assetType: 'ImageAsset' as const, assetUrl: card.imageUrl, description: card.title }] : [])),
        },
      },
      text: [text, ...list.map((c) => c.title)].filter(Boolean).join('\n'),
    }];
  }
  if (data['type'] !== 'text') throw new HttpError(400, 'invalid_request', 'data.type must be "text" or "carousel".');
  const all = buttons(data['buttons'], 'data.buttons');
  const choices = all.filter((b) => b.type === 'button');
  const links = all.filter((b) => b.type === 'link');
  const out: { message: MessageBody; text: string }[] = [];
  if (choices.length) {
    out.push({ message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text, optionItems: choices.map((b) => option(b.text)) }}, text: [text, ...choices.map((b) => b.text)].join('\n') });
  } else if (text || !links.length) {
    if (!text) throw new HttpError(400, 'invalid_request', 'data.text is required for a text message without buttons.');
    out.push({ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text }}, text });
  }
  for (const link of links) {
    out.push({ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', text: '', linkItem: { url: link.url!, title: link.text } }}, text: link.text });
  }
  return out;
}

export async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  if (!secretMatches(req.headers['x-webhook-secret'], deps.secret)) {
    throw new HttpError(401, 'unauthorized', 'The X-Webhook-Secret header is missing or wrong.');
  }
  const body = await readJson(req, 256 * 1024);
  const data = isRecord(body) ? body['data'] : undefined;
  if (!isRecord(data)) throw new HttpError(400, 'invalid_request', 'The body must be {"botId": "…", "data": {…}}.');
  const eventType = data['eventType'];
  if (eventType === 'isTeamOnline') return sendJson(res, 200, { isOnline: deps.teamOnline() });

  const conversationId = typeof data['platformConversationId'] === 'string' ? data['platformConversationId'].toLowerCase() : '';
  const conversation = await deps.store.getConversation(conversationId);
  if (!conversation) throw new HttpError(404, 'unknown_conversation', `No conversation ${JSON.stringify(data['platformConversationId'] ?? null)}.`);
  if (conversation.status === 'closed') throw new HttpError(409, 'conversation_closed', 'This conversation has ended.');
  if (eventType === 'escalate') {
    await deps.log.durable(conversationId, {
      entryType: 'RoutingResult', id: randomUUID(), routingType: 'Transfer', failureType: 'None', failureReason: '',
      estimatedWaitTime: { estimatedWaitTimeInSeconds: -1 },
    }, SYSTEM);
    return sendJson(res, 200, { ok: true });
  }
  if (eventType !== 'sendMessage') throw new HttpError(400, 'invalid_request', 'data.eventType must be sendMessage, escalate or isTeamOnline.');

  for (const key of ['messageId', 'replyId']) {
    const value = data[key];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_ID_LENGTH)) {
      throw new HttpError(400, 'invalid_request', `data.${key} must be a string of 1 to ${MAX_ID_LENGTH} characters.`);
    }
  }
  const messages = messagesFor(data);
  // The upstream's id makes a retried webhook idempotent; a second message from one call gets a suffix.
  const baseId = [data['messageId'], data['replyId']].find((v): v is string => typeof v === 'string' && v.length > 0) ?? randomUUID();
  const sender = deps.sender ?? BOT;
  let repeats = 0;
  for (const [i, { message, text }] of messages.entries()) {
    const id = i === 0 ? baseId : `${baseId}-${i}`;
    const abstractMessage = withId(message, id);
    const stored = await deps.log.durable(conversationId, { entryType: 'Message', id, abstractMessage }, sender, {
      id, role: sender.role, text, body: JSON.stringify(abstractMessage),
    });
    if (stored) continue;
    // Not stored: a retry of the same message is a repeat; anything else under that id is a conflict.
    const existing = await deps.store.getMessage(conversationId, id);
    if (existing?.role !== sender.role || existing.text !== text) {
      throw new HttpError(409, 'message_id_conflict', `Message ${JSON.stringify(id)} already exists in this conversation with other content; give each new message its own messageId.`);
    }
    repeats++;
  }
  sendJson(res, 200, repeats === messages.length ? { ok: true, duplicate: true } : { ok: true });
}
