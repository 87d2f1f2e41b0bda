// Checks a Chat API body (PROTOCOL §1) field by field; every refusal names the field and the fix.
import type { ChatApiEventType, ChatApiRequest, MetadataPair, WireAttachment } from '../../../widget/protocol/wire';
import { isRecord } from '../../../widget/protocol/json';

export const MAX_TEXT_LENGTH = 4000;
export const MAX_METADATA_PAIRS = 50;
export const MAX_METADATA_KEY = 100;
export const MAX_METADATA_VALUE = 1000;
export const MAX_CARD_INDEX = 99;
export const MAX_ATTACHMENTS = 10;
const EVENT_TYPES: readonly ChatApiEventType[] = ['startSession', 'message', 'endSession', 'metadata', 'stop'];
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Validation = { ok: true; value: ChatApiRequest } | { ok: false; message: string };


function metadataPairs(value: unknown): MetadataPair[] | string {
  if (!Array.isArray(value)) return 'metadata must be an array of {"key","value"} string pairs, not ' + (value === null ? 'null' : typeof value) + '.';
  if (value.length > MAX_METADATA_PAIRS) return `metadata has ${value.length} pairs; at most ${MAX_METADATA_PAIRS} are allowed.`;
  for (const [i, pair] of value.entries()) {
    if (!isRecord(pair) || typeof pair['key'] !== 'string' || typeof pair['value'] !== 'string' || !pair['key']) {
      return `metadata[${i}] must be {"key": "<non-empty string>", "value": "<string>"}.`;
    }
    if (pair['key'].length > MAX_METADATA_KEY || pair['value'].length > MAX_METADATA_VALUE) {
      return `metadata[${i}]: keys are at most ${MAX_METADATA_KEY} characters and values at most ${MAX_METADATA_VALUE}.`;
    }
  }
  return value.map((pair: Record<string, string>) => ({ key: pair['key']!, value: pair['value']! }));
}

const ATTACHMENT_SHAPE = '{"id","name","type","size"} as POST /api/files answered';

/** The attachments of a message, each checked; the gateway then looks each id up among the conversation's files. */
function attachmentList(value: unknown): WireAttachment[] | string {
  if (!Array.isArray(value)) return `attachments must be an array of ${ATTACHMENT_SHAPE}.`;
  if (value.length > MAX_ATTACHMENTS) return `attachments has ${value.length} files; at most ${MAX_ATTACHMENTS} are allowed per message.`;
  const list: WireAttachment[] = [];
  for (const [i, item] of value.entries()) {
    if (!isRecord(item)) return `attachments[${i}] must be ${ATTACHMENT_SHAPE}.`;
    const { id, name, type, size } = item;
    if (typeof id !== 'string' || !/^[\w-]{1,100}$/.test(id)) return `attachments[${i}].id must be the id POST /api/files answered.`;
    if (typeof name !== 'string' || !name || typeof type !== 'string' || !type) return `attachments[${i}] needs a non-empty "name" and "type".`;
    if (!Number.isSafeInteger(size) || (size as number) < 0) return `attachments[${i}].size must be the file's size in bytes.`;
    if (list.some((a) => a.id === id)) return `attachments[${i}] repeats the file ${id}.`;
    list.push({ id, name, type, size: size as number });
  }
  return list;
}

export function validateChatRequest(body: unknown): Validation {
  const fail = (message: string): Validation => ({ ok: false, message });
  if (!isRecord(body)) return fail('The body must be a JSON object.');
  const { platformConversationId: id, eventType, text, cardIndex, messageId, attachments } = body;
  if (typeof id !== 'string' || !UUID.test(id)) return fail('platformConversationId must be a UUID (for example from crypto.randomUUID()).');
  if (typeof eventType !== 'string' || !(EVENT_TYPES as readonly string[]).includes(eventType)) {
    return fail(`eventType must be one of ${EVENT_TYPES.join(', ')}; got ${JSON.stringify(eventType ?? null)}.`);
  }
  const type = eventType as ChatApiEventType;
  const request: ChatApiRequest = { platformConversationId: id.toLowerCase(), eventType: type };

  if (type === 'message') {
    if (attachments !== undefined) {
      const list = attachmentList(attachments);
      if (typeof list === 'string') return fail(list);
      if (list.length) request.attachments = list;
    }
    // A message of files only has no text, or an empty one.
    const filesOnly = !!request.attachments && (text === undefined || text === '');
    if (!filesOnly && (typeof text !== 'string' || !text.trim())) {
      return fail('text is required for eventType "message" and must be a non-empty string (it may be left out when the message has attachments).');
    }
    if (typeof text === 'string' && text.length > MAX_TEXT_LENGTH) return fail(`text must be at most ${MAX_TEXT_LENGTH} characters; got ${text.length}.`);
    request.text = filesOnly ? '' : (text as string);
    if (cardIndex !== undefined) {
      if (!Number.isInteger(cardIndex) || (cardIndex as number) < 0 || (cardIndex as number) > MAX_CARD_INDEX) {
        return fail(`cardIndex must be a non-negative integer up to ${MAX_CARD_INDEX} (the 0-based card index).`);
      }
      request.cardIndex = cardIndex as number;
    }
    if (messageId !== undefined) {
      if (typeof messageId !== 'string' || !/^[\w-]{1,100}$/.test(messageId)) return fail('messageId must be a string of 1 to 100 letters, digits, "-" or "_" (a UUID).');
      request.messageId = messageId;
    }
  } else if (attachments !== undefined) {
    return fail('attachments go with eventType "message" only.');
  }

  // The source document spells it both ways.
  const metadata = body['metadata'] ?? body['metaData'];
  if (metadata !== undefined) {
    if (type === 'endSession' || type === 'stop') return fail(`${type} takes no metadata.`);
    const pairs = metadataPairs(metadata);
    if (typeof pairs === 'string') return fail(pairs);
    request.metadata = pairs;
  } else if (type === 'metadata') {
    return fail('metadata is required for eventType "metadata".');
  }
  return { ok: true, value: request };
}
