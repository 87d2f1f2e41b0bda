// Pure decoder: one SSE event (name + data) → a typed ChatEvent, or a typed error. Never throws.
import { attachment } from './attachment';
import type { CarouselCard, ChatEvent, DecodeResult, MessageContent, Option, Participant } from './events';
import { type Guard, isArray, isNumber, isRecord, isString, isStrings, opt, parseJson } from './json';
import type { SenderRole, SseEventName } from './wire';

const ROLES: readonly string[] = ['EndUser', 'Chatbot', 'Agent', 'System'];
const isRole: Guard<SenderRole> = (v): v is SenderRole => ROLES.includes(v as string);

/** Thrown inside this module only; decodeEvent turns it into a DecodeError. */
class Malformed extends Error {}

/** The value at a path, or a Malformed error naming the path. */
function req<T>(value: unknown, path: string, guard: Guard<T>): T {
  const found = opt(value, path, guard);
  if (found === undefined) throw new Malformed(`${path} is missing or invalid`);
  return found;
}

export function decodeEvent(name: string, data: string): DecodeResult {
  // Own properties only: "__proto__" or "toString" are unknown events, not decoders.
  const decode = Object.hasOwn(DECODERS, name) ? DECODERS[name as SseEventName] : undefined;
  if (!decode) return { ok: false, error: { kind: 'unknown-event', name } };
  try {
    const entry = req(parseJson(data), 'conversationEntry', isRecord);
    const raw = entry['entryPayload'];
    const payload = isString(raw) ? parseJson(raw) : raw;
    const from = participant(entry, 'sender', opt(entry, 'senderDisplayName', isString));
    const at = opt(entry, 'transcriptedTimestamp', isNumber) ?? opt(entry, 'clientTimestamp', isNumber) ?? 0;
    const event = decode(req({ entryPayload: payload }, 'entryPayload', isRecord), from, at);
    if (!event) return { ok: false, error: { kind: 'ignored', name } };
    return { ok: true, event, entryId: req(entry, 'identifier', isString) };
  } catch (e) {
    const reason = e instanceof Malformed ? e.message : String(e);
    return { ok: false, error: { kind: 'malformed', name, reason } };
  }
}

function participant(value: unknown, path: string, name: string | undefined): Participant {
  return { role: req(value, `${path}.role`, isRole), id: opt(value, `${path}.subject`, isString) ?? '', name: name ?? '' };
}

type Decoder = (p: unknown, from: Participant, at: number) => ChatEvent | null;

const typing = (on: boolean): Decoder => (_, from) => ({ kind: 'typing', from, on });
const receipt = (state: 'delivered' | 'read'): Decoder => (p) => ({
  kind: 'receipt', messageId: req(p, 'acknowledgedConversationEntryIdentifier', isString), state,
});

/** One decoder per event name of PROTOCOL §2; a name without one is an unknown event. */
const DECODERS: Record<SseEventName, Decoder> = {
  CONVERSATION_MESSAGE(p, from, at) {
    const modelsUsed = opt(p, 'abstractMessage.agentMeta.modelsUsed', isStrings);
    const toolsUsed = opt(p, 'abstractMessage.agentMeta.toolsUsed', isStrings);
    // Anything but true (absent, or another type from a lax sender) is a reply that was not stopped.
    const stopped = opt(p, 'abstractMessage.agentMeta.stopped', (v): v is true => v === true);
    const files = (opt(p, 'abstractMessage.attachments', isArray) ?? []).flatMap(attachment);
    return {
      kind: 'message',
      id: req(p, 'id', isString),
      from,
      content: messageContent(req(p, 'abstractMessage', isRecord)),
      at,
      ...((modelsUsed || toolsUsed || stopped) && { meta: { ...(modelsUsed && { modelsUsed }), ...(toolsUsed && { toolsUsed }), ...(stopped && { stopped }) } }),
      ...(files.length && { files }),
    };
  },
  CONVERSATION_STREAMING_TOKEN(p, from) {
    const target = req(p, 'streamingToken.targetMessageIdentifier', isString);
    const seq = req(p, 'streamingToken.sequenceNumber', isNumber);
    if (opt(p, 'streamingToken.tokenType', isString) === 'StreamingTokenValidation') {
      if (opt(p, 'streamingToken.result.valid', (v): v is boolean => v === true)) return null; // nothing to undo
      return { kind: 'token-invalid', target, seq, reason: opt(p, 'streamingToken.result.reason', isString) ?? '' };
    }
    return { kind: 'token', target, seq, text: req(p, 'streamingToken.token.text', isString), from };
  },
  CONVERSATION_TYPING_STARTED_INDICATOR: typing(true),
  CONVERSATION_TYPING_STOPPED_INDICATOR: typing(false),
  CONVERSATION_PROGRESS_INDICATOR: (p) => ({ kind: 'progress', text: req(p, 'progressIndicator.progressMessage.text', isString) }),
  CONVERSATION_ROUTING_RESULT(p) {
    const failure = opt(p, 'failureType', isString) ?? 'None';
    const wait = opt(p, 'estimatedWaitTime.estimatedWaitTimeInSeconds', isNumber) ?? -1;
    return {
      kind: 'routing',
      transfer: req(p, 'routingType', isString) === 'Transfer',
      ...(failure !== 'None' && { failure: opt(p, 'failureReason', isString) || failure }),
      ...(wait >= 0 && { waitSeconds: wait }),
    };
  },
  CONVERSATION_PARTICIPANT_CHANGED(p) {
    const changes = req(p, 'entries', isArray).map((change) => ({
      op: req(change, 'operation', (v): v is 'add' | 'remove' => v === 'add' || v === 'remove'),
      who: participant(change, 'participant', opt(change, 'displayName', isString)),
    }));
    return changes.length ? { kind: 'participant', changes } : null;
  },
  CONVERSATION_DELIVERY_ACKNOWLEDGEMENT: receipt('delivered'),
  CONVERSATION_READ_ACKNOWLEDGEMENT: receipt('read'),
  CONVERSATION_CLOSE_CONVERSATION: (p) => ({ kind: 'closed', reason: opt(p, 'reason', isString) ?? 'Unknown' }),
};

function messageContent(m: unknown): MessageContent {
  const type = opt(m, 'messageType', isString);
  if (type === 'ChoicesMessage') {
    const text = opt(m, 'choices.text', isString) ?? '';
    const format = req(m, 'choices.formatType', isString);
    if (format === 'Carousel') return { type: 'carousel', text, cards: carouselCards(m) };
    const options = optionList(req(m, 'choices.optionItems', isArray));
    return { type: 'choices', style: format === 'QuickReplies' ? 'quick-replies' : 'buttons', text, options };
  }
  const url = opt(m, 'staticContent.linkItem.url', isString);
  if (url) {
    const text = opt(m, 'staticContent.text', isString) ?? '';
    return { type: 'link', text, url, title: opt(m, 'staticContent.linkItem.title', isString) ?? url };
  }
  // Text, and any unknown shape that still carries text (PROTOCOL §2).
  return { type: 'text', text: opt(m, 'text', isString) ?? req(m, 'staticContent.text', isString) };
}

function optionList(items: unknown[]): Option[] {
  return items.flatMap((item) => {
    const title = opt(item, 'titleItem.title', isString);
    return title ? [{ id: opt(item, 'optionIdentifier', isString) ?? title, title }] : [];
  });
}

function carouselCards(m: unknown): CarouselCard[] {
  const images = opt(m, 'choices.images', isArray) ?? [];
  return req(m, 'choices.items', isArray).filter(isRecord).map((item) => {
    const imageId = opt(item, 'titleItem.imageId', isString);
    const image = images.find((i) => imageId !== undefined && opt(i, 'id', isString) === imageId);
    const url = opt(image, 'assetUrl', isString);
    const subtitle = opt(item, 'titleItem.subTitle', isString);
    return {
      title: opt(item, 'titleItem.title', isString) ?? '',
      ...(subtitle && { subtitle }),
      ...(url && { image: { url, alt: opt(image, 'description', isString) ?? '' } }),
      options: optionList(opt(item, 'interactionItems', isArray) ?? []),
    };
  });
}
