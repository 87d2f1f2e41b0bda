// Decodes a webhook body (PROTOCOL §3) into one typed event, field by field, with no I/O: every
// refusal names the field and what it must be.
import { isRecord } from '../../../widget/protocol/json';

export const MAX_MESSAGE_TEXT = 20_000;
export const MAX_TOKEN_TEXT = 4000;
export const MAX_PROGRESS_TEXT = 500;
export const MAX_NAME = 100;
export const MAX_RECEIPT_IDS = 100;
export const MAX_SEQUENCE = 1_000_000;
const ID = /^[\w.:-]{1,100}$/;

export type AgentRole = 'Chatbot' | 'Agent';

/** Who speaks, when the agent says so; unset parts fall back to the conversation's current agent. */
export interface Speaker {
  senderName?: string;
  senderRole?: AgentRole;
}

export interface WebhookButton {
  type: 'button' | 'link';
  text: string;
  url?: string;
}

export interface WebhookCard {
  title: string;
  description?: string;
  imageUrl?: string;
  buttons: WebhookButton[];
}

export type SendMessage = Speaker & {
  eventType: 'sendMessage';
  conversationId: string;
  messageId?: string;
  replyId?: string;
  text: string;
} & ({ type: 'text'; buttons: WebhookButton[] } | { type: 'carousel'; cards: WebhookCard[] });

export type WebhookEvent =
  | { eventType: 'isTeamOnline' }
  | { eventType: 'escalate'; conversationId: string }
  | SendMessage
  | (Speaker & { eventType: 'typing'; conversationId: string; on: boolean })
  | (Speaker & { eventType: 'progress'; conversationId: string; text: string })
  | (Speaker & { eventType: 'streamToken'; conversationId: string; messageId: string; sequence: number; text: string })
  | (Speaker & { eventType: 'streamInvalid'; conversationId: string; messageId: string })
  | (Speaker & { eventType: 'delivered' | 'read'; conversationId: string; messageIds: string[] })
  | { eventType: 'participant'; conversationId: string; operation: 'add' | 'remove'; displayName: string; role: AgentRole }
  | { eventType: 'endConversation'; conversationId: string; reason: 'Agent' | 'Timeout' };

export type WebhookEventType = WebhookEvent['eventType'];

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  'sendMessage', 'typing', 'progress', 'streamToken', 'streamInvalid', 'delivered', 'read', 'participant', 'endConversation', 'escalate', 'isTeamOnline',
];

/** A body the webhook refuses: its message names the field. */
export class WebhookInvalid extends Error {}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value));

/** Field readers over `data`; each throws WebhookInvalid naming `data.<field>`. */
function fields(data: Record<string, unknown>) {
  const fail = (field: string, expected: string): never => {
    throw new WebhookInvalid(`data.${field} must be ${expected}; got ${show(data[field])}.`);
  };
  const text = (field: string, max: number, { optional = false, empty = false } = {}): string | undefined => {
    const value = data[field];
    if (value === undefined && optional) return undefined;
    const what = `${empty ? 'a string' : 'a non-empty string'} of at most ${max} characters`;
    if (typeof value !== 'string' || (!empty && value.trim() === '') || value.length > max) fail(field, what);
    return value as string;
  };
  const id = (field: string, optional = false): string | undefined => {
    const value = data[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || !ID.test(value)) fail(field, 'an id of 1 to 100 letters, digits, "-", "_", "." or ":"');
    return value as string;
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[], optional = false): T | undefined => {
    const value = data[field];
    if (value === undefined && optional) return undefined;
    if (!allowed.includes(value as T)) fail(field, allowed.map((a) => JSON.stringify(a)).join(' or '));
    return value as T;
  };
  return { fail, text, id, oneOf };
}

function buttons(value: unknown, where: string): WebhookButton[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new WebhookInvalid(`${where} must be an array.`);
  return value.map((b, i) => {
    if (!isRecord(b) || (b['type'] !== 'button' && b['type'] !== 'link') || typeof b['text'] !== 'string' || !b['text'] || b['text'].length > MAX_NAME) {
      throw new WebhookInvalid(`${where}[${i}] must be {"type": "button" | "link", "text": "<string of 1 to ${MAX_NAME} characters>"}.`);
    }
    if (b['type'] === 'link' && (typeof b['url'] !== 'string' || !/^https?:\/\//.test(b['url']))) {
      throw new WebhookInvalid(`${where}[${i}] is a link and needs an http(s) "url".`);
    }
    return { type: b['type'], text: b['text'], ...(typeof b['url'] === 'string' && { url: b['url'] }) };
  });
}

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

function cards(value: unknown): WebhookCard[] {
  if (!Array.isArray(value) || value.length === 0) throw new WebhookInvalid('data.carouselCards must be a non-empty array for type "carousel".');
  return value.map((c, i) => {
    if (!isRecord(c) || typeof c['title'] !== 'string' || !optionalString(c['description']) || !optionalString(c['imageUrl'])) {
      throw new WebhookInvalid(`data.carouselCards[${i}] needs a string "title" (and optional string "description", "imageUrl").`);
    }
    return {
      title: c['title'],
      ...(typeof c['description'] === 'string' && { description: c['description'] }),
      ...(typeof c['imageUrl'] === 'string' && { imageUrl: c['imageUrl'] }),
      buttons: buttons(c['buttons'], `data.carouselCards[${i}].buttons`),
    };
  });
}

function sendMessage(data: Record<string, unknown>, base: { conversationId: string } & Speaker): SendMessage {
  const f = fields(data);
  const type = f.oneOf('type', ['text', 'carousel'] as const)!;
  const messageId = f.id('messageId', true);
  const replyId = f.id('replyId', true);
  const common = { eventType: 'sendMessage' as const, ...base, ...(messageId && { messageId }), ...(replyId && { replyId }) };
  if (type === 'carousel') {
    return { ...common, type, text: f.text('text', MAX_MESSAGE_TEXT, { optional: true, empty: true }) ?? '', cards: cards(data['carouselCards']) };
  }
  const list = buttons(data['buttons'], 'data.buttons');
  // Link buttons alone need no text: each becomes a rich link.
  const needsText = list.every((b) => b.type === 'button');
  const text = f.text('text', MAX_MESSAGE_TEXT, { optional: !needsText, empty: !needsText }) ?? '';
  return { ...common, type, text, buttons: list };
}

export function decodeWebhook(body: unknown): WebhookEvent {
  const data = isRecord(body) ? body['data'] : undefined;
  if (!isRecord(data)) throw new WebhookInvalid('The body must be {"botId": "…", "data": {"eventType": "…", …}}.');
  const eventType = data['eventType'];
  if (!(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(eventType)) {
    throw new WebhookInvalid(`data.eventType ${show(eventType)} is not one the gateway knows; use one of ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
  }
  const type = eventType as WebhookEventType;
  if (type === 'isTeamOnline') return { eventType: type };
  const f = fields(data);
  const rawId = data['platformConversationId'];
  if (typeof rawId !== 'string' || rawId.length === 0 || rawId.length > 100) f.fail('platformConversationId', 'the conversation\'s id (a string)');
  const conversationId = (rawId as string).toLowerCase();
  if (type === 'escalate') return { eventType: type, conversationId };
  if (type === 'participant') {
    return {
      eventType: type, conversationId,
      operation: f.oneOf('operation', ['add', 'remove'] as const)!,
      displayName: f.text('displayName', MAX_NAME)!,
      role: f.oneOf('role', ['Agent', 'Chatbot'] as const)!,
    };
  }
  if (type === 'endConversation') return { eventType: type, conversationId, reason: f.oneOf('reason', ['Agent', 'Timeout'] as const)! };

  const senderName = f.text('senderName', MAX_NAME, { optional: true });
  const senderRole = f.oneOf('senderRole', ['Chatbot', 'Agent'] as const, true);
  const base = { conversationId, ...(senderName !== undefined && { senderName }), ...(senderRole && { senderRole }) };
  switch (type) {
    case 'sendMessage':
      return sendMessage(data, base);
    case 'typing':
      if (typeof data['on'] !== 'boolean') f.fail('on', 'true or false');
      return { eventType: type, ...base, on: data['on'] as boolean };
    case 'progress':
      return { eventType: type, ...base, text: f.text('text', MAX_PROGRESS_TEXT)! };
    case 'streamToken': {
      const sequence = data['sequence'];
      if (!Number.isInteger(sequence) || (sequence as number) < 1 || (sequence as number) > MAX_SEQUENCE) f.fail('sequence', `a whole number from 1 to ${MAX_SEQUENCE}`);
      return { eventType: type, ...base, messageId: f.id('messageId')!, sequence: sequence as number, text: f.text('text', MAX_TOKEN_TEXT, { empty: true })! };
    }
    case 'streamInvalid':
      return { eventType: type, ...base, messageId: f.id('messageId')! };
    case 'delivered':
    case 'read': {
      const ids = data['messageIds'];
      const valid = Array.isArray(ids) && ids.length >= 1 && ids.length <= MAX_RECEIPT_IDS && ids.every((v) => typeof v === 'string' && ID.test(v));
      if (!valid) f.fail('messageIds', `an array of 1 to ${MAX_RECEIPT_IDS} visitor message ids`);
      return { eventType: type, ...base, messageIds: [...new Set(ids as string[])] };
    }
  }
}
