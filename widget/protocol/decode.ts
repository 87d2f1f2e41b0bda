// Pure decoder: one SSE event (name + data) → a typed ChatEvent, or a typed error. Never throws.
import type { AgentMeta, CarouselCard, ChatEvent, DecodeResult, MessageContent, Option, Participant } from './events';
import { type JsonRecord, arr, isRecord, num, parseJson, rec, str, strings } from './json';
import { SSE_EVENT, type SenderRole } from './wire';

const ROLES: readonly SenderRole[] = ['EndUser', 'Chatbot', 'Agent', 'System'];
const KNOWN_EVENTS = new Set<string>(Object.values(SSE_EVENT));

/** Thrown inside this module only; decodeEvent turns it into a DecodeError. */
class Malformed extends Error {}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Malformed(`${what} is missing or has the wrong type`);
  return value;
}

export function decodeEvent(name: string, data: string): DecodeResult {
  if (!KNOWN_EVENTS.has(name)) return { ok: false, error: { kind: 'unknown-event', name } };
  try {
    const envelope = need(asRecord(parseJson(data)), 'data (JSON envelope)');
    const entry = need(rec(envelope, 'conversationEntry'), 'conversationEntry');
    const entryId = need(str(entry, 'identifier'), 'conversationEntry.identifier');
    const rawPayload = entry['entryPayload'];
    const payload = need(
      typeof rawPayload === 'string' ? asRecord(parseJson(rawPayload)) : asRecord(rawPayload),
      'conversationEntry.entryPayload',
    );
    const from = participant(need(rec(entry, 'sender'), 'conversationEntry.sender'), str(entry, 'senderDisplayName'));
    const at = num(entry, 'transcriptedTimestamp') ?? num(entry, 'clientTimestamp') ?? 0;
    return { ok: true, event: decodePayload(name, payload, from, at), entryId };
  } catch (e) {
    const reason = e instanceof Malformed ? e.message : `unexpected: ${String(e)}`;
    return { ok: false, error: { kind: 'malformed', name, reason } };
  }
}

function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

function participant(sender: JsonRecord, displayName: string | undefined): Participant {
  const role = need(str(sender, 'role'), 'sender.role');
  if (!isRole(role)) throw new Malformed(`sender.role "${role}" is not one of ${ROLES.join(', ')}`);
  return { role, id: str(sender, 'subject') ?? '', name: displayName ?? '' };
}

function isRole(role: string): role is SenderRole {
  return (ROLES as readonly string[]).includes(role);
}

function decodePayload(name: string, p: JsonRecord, from: Participant, at: number): ChatEvent {
  switch (name) {
    case SSE_EVENT.message: {
      const message = need(rec(p, 'abstractMessage'), 'abstractMessage');
      const id = need(str(p, 'id') ?? str(message, 'id'), 'entryPayload.id');
      const meta = agentMeta(rec(message, 'agentMeta'));
      return { kind: 'message', id, from, content: messageContent(message), at, ...(meta && { meta }) };
    }
    case SSE_EVENT.streamingToken:
      return streamingToken(need(rec(p, 'streamingToken'), 'streamingToken'), from);
    case SSE_EVENT.typingStarted:
    case SSE_EVENT.typingStopped:
      return { kind: 'typing', from, on: name === SSE_EVENT.typingStarted };
    case SSE_EVENT.progress: {
      const indicator = need(rec(p, 'progressIndicator'), 'progressIndicator');
      const message = need(rec(indicator, 'progressMessage'), 'progressIndicator.progressMessage');
      return { kind: 'progress', text: need(str(message, 'text'), 'progressMessage.text') };
    }
    case SSE_EVENT.routingResult: {
      const failureType = str(p, 'failureType') ?? 'None';
      const wait = num(rec(p, 'estimatedWaitTime') ?? {}, 'estimatedWaitTimeInSeconds');
      return {
        kind: 'routing',
        transfer: need(str(p, 'routingType'), 'routingType') === 'Transfer',
        ...(failureType !== 'None' && { failure: str(p, 'failureReason') || failureType }),
        ...(wait !== undefined && wait >= 0 && { waitSeconds: wait }),
      };
    }
    case SSE_EVENT.participantChanged: {
      const first = need(arr(p, 'entries')?.find(isRecord), 'entries[0]');
      const op = need(str(first, 'operation'), 'entries[0].operation');
      if (op !== 'add' && op !== 'remove') throw new Malformed(`entries[0].operation "${op}" is not add or remove`);
      const who = participant(need(rec(first, 'participant'), 'entries[0].participant'), str(first, 'displayName'));
      return { kind: 'participant', op, who };
    }
    case SSE_EVENT.deliveryAck:
    case SSE_EVENT.readAck:
      return {
        kind: 'receipt',
        messageId: need(str(p, 'acknowledgedConversationEntryIdentifier'), 'acknowledgedConversationEntryIdentifier'),
        state: name === SSE_EVENT.deliveryAck ? 'delivered' : 'read',
      };
    default: // SSE_EVENT.close: the only name left after KNOWN_EVENTS
      return { kind: 'closed', reason: str(p, 'reason') ?? 'Unknown' };
  }
}

function streamingToken(t: JsonRecord, from: Participant): ChatEvent {
  const target = need(str(t, 'targetMessageIdentifier'), 'streamingToken.targetMessageIdentifier');
  const seq = need(num(t, 'sequenceNumber'), 'streamingToken.sequenceNumber');
  const tokenType = str(t, 'tokenType');
  if (tokenType === 'StreamingTokenValidation') {
    const result = need(rec(t, 'result'), 'streamingToken.result');
    if (result['valid'] === true) throw new Malformed('a valid StreamingTokenValidation carries nothing to do');
    return { kind: 'token-invalid', target, seq, reason: str(result, 'reason') ?? '' };
  }
  if (tokenType !== 'MessageStreamingToken') throw new Malformed(`streamingToken.tokenType "${tokenType}" is unknown`);
  const text = need(str(need(rec(t, 'token'), 'streamingToken.token'), 'text'), 'streamingToken.token.text');
  return { kind: 'token', target, seq, text, from };
}

function messageContent(m: JsonRecord): MessageContent {
  const type = str(m, 'messageType');
  if (type === 'StaticContentMessage') {
    const content = need(rec(m, 'staticContent'), 'staticContent');
    const text = str(content, 'text') ?? '';
    const link = rec(content, 'linkItem');
    if (str(content, 'formatType') === 'RichLink' && link) {
      const url = need(str(link, 'url'), 'linkItem.url');
      return { type: 'link', text, url, title: str(link, 'title') ?? url };
    }
    return { type: 'text', text: need(str(content, 'text'), 'staticContent.text') };
  }
  if (type === 'ChoicesMessage') {
    const choices = need(rec(m, 'choices'), 'choices');
    const text = str(choices, 'text') ?? '';
    const format = str(choices, 'formatType');
    if (format === 'Carousel') return { type: 'carousel', text, cards: carouselCards(choices) };
    if (format === 'Buttons' || format === 'QuickReplies') {
      const options = optionList(need(arr(choices, 'optionItems'), 'choices.optionItems'));
      return { type: 'choices', style: format === 'Buttons' ? 'buttons' : 'quick-replies', text, options };
    }
    throw new Malformed(`choices.formatType "${format}" is unknown`);
  }
  // An unknown shape still renders if it carries text (PROTOCOL §2).
  const fallback = str(m, 'text') ?? str(rec(m, 'staticContent') ?? {}, 'text');
  return { type: 'text', text: need(fallback, `text of unknown messageType "${type}"`) };
}

function optionList(items: unknown[]): Option[] {
  return items.filter(isRecord).flatMap((item) => {
    const title = str(rec(item, 'titleItem') ?? {}, 'title');
    return title ? [{ id: str(item, 'optionIdentifier') ?? title, title }] : [];
  });
}

function carouselCards(choices: JsonRecord): CarouselCard[] {
  const images = new Map<string, JsonRecord>();
  for (const image of arr(choices, 'images') ?? []) {
    const id = isRecord(image) ? str(image, 'id') : undefined;
    if (id && isRecord(image)) images.set(id, image);
  }
  return need(arr(choices, 'items'), 'choices.items')
    .filter(isRecord)
    .map((item) => {
      const title = rec(item, 'titleItem') ?? {};
      const image = images.get(str(title, 'imageId') ?? '');
      const url = image && str(image, 'assetUrl');
      const subtitle = str(title, 'subTitle');
      return {
        title: str(title, 'title') ?? '',
        ...(subtitle && { subtitle }),
        ...(url && { image: { url, alt: (image && str(image, 'description')) ?? '' } }),
        options: optionList(arr(item, 'interactionItems') ?? []),
      };
    });
}

function agentMeta(meta: JsonRecord | undefined): AgentMeta | undefined {
  if (!meta) return undefined;
  const modelsUsed = strings(meta, 'modelsUsed');
  const toolsUsed = strings(meta, 'toolsUsed');
  return { ...(modelsUsed && { modelsUsed }), ...(toolsUsed && { toolsUsed }) };
}
