// POST /converse-webhook (PROTOCOL §3): the upstream agent's events, decoded (webhook-events.ts)
// and turned into SSE events. Who speaks follows the conversation's latest participant change, so
// after a hand-off to a human their messages carry their name and the Agent role.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireEntryPayload, WireTitleOptionItem } from '../../../widget/protocol/wire';
import { sameSecret } from '../auth/api-keys';
import type { Sender } from '../events/envelope';
import type { EventLog } from '../events/event-log';
import { EVENT_NAME } from '../events/event-names';
import { HttpError, readJson, sendJson } from '../http/errors';
import type { ConversationStore, EventStore } from '../store/store';
import { agentActions } from './actions';
import type { MessageBody } from './bot';
import { type AgentRole, type SendMessage, type Speaker, WebhookInvalid, type WebhookEvent, decodeWebhook } from './webhook-events';

export interface WebhookDeps {
  store: Pick<ConversationStore, 'getConversation' | 'visitorMessage' | 'closeConversation' | 'getMessage'> & Pick<EventStore, 'lastEventNamed'>;
  log: EventLog;
  secret: Buffer;
  /** The name the agent's messages carry unless it names someone else (senderName). */
  agentName: string;
  teamOnline: () => boolean;
  clock: () => number;
}

/** The SSE sender for a name and role; a participant change names the same subject. */
export function agentSender(displayName: string, role: AgentRole): Sender {
  const agent = role === 'Agent';
  return { role, appType: agent ? 'agent' : 'chatbot', subject: `${agent ? 'agent' : 'bot'}:${displayName}`, displayName };
}

function secretMatches(given: string | string[] | undefined, secret: Buffer): boolean {
  return sameSecret(Buffer.from(typeof given === 'string' ? given : ''), secret);
}

const option = (title: string): WireTitleOptionItem => ({ itemType: 'TitleOptionItem', optionIdentifier: randomUUID(), titleItem: { itemType: 'TitleItem', title } });

/** sendMessage → the abstract messages it stands for, with the text each is stored under. */
function messagesFor(event: SendMessage): { message: MessageBody; text: string }[] {
  const { text } = event;
  if (event.type === 'carousel') {
    const list = event.cards;
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
  const choices = event.buttons.filter((b) => b.type === 'button');
  const links = event.buttons.filter((b) => b.type === 'link');
  const out: { message: MessageBody; text: string }[] = [];
  if (choices.length) {
    out.push({ message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text, optionItems: choices.map((b) => option(b.text)) }}, text: [text, ...choices.map((b) => b.text)].join('\n') });
  } else if (text) {
    out.push({ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text }}, text });
  }
  for (const link of links) {
    out.push({ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', text: '', linkItem: { url: link.url!, title: link.text } }}, text: link.text });
  }
  return out;
}

/** Who is answering now: the latest participant added (a human after a hand-off), else the agent. */
async function currentAgent(conversationId: string, deps: WebhookDeps): Promise<{ name: string; role: AgentRole }> {
  const fallback = { name: deps.agentName, role: 'Chatbot' as const };
  const last = await deps.store.lastEventNamed(conversationId, EVENT_NAME.ParticipantChanged);
  if (!last) return fallback;
  const payload = JSON.parse(JSON.parse(last.data).conversationEntry.entryPayload) as Extract<WireEntryPayload, { entryType: 'ParticipantChanged' }>;
  const entry = payload.entries[0];
  if (!entry || entry.operation !== 'add' || (entry.participant.role !== 'Agent' && entry.participant.role !== 'Chatbot')) return fallback;
  return { name: entry.displayName ?? deps.agentName, role: entry.participant.role };
}

async function senderOf(speaker: Speaker, conversationId: string, deps: WebhookDeps): Promise<Sender> {
  const current = speaker.senderName !== undefined && speaker.senderRole !== undefined ? null : await currentAgent(conversationId, deps);
  return agentSender(speaker.senderName ?? current!.name, speaker.senderRole ?? current!.role);
}

/** Applies one event to its conversation through the agent actions; returns the response body. */
async function apply(event: Exclude<WebhookEvent, { eventType: 'isTeamOnline' }>, deps: WebhookDeps): Promise<Record<string, unknown>> {
  const id = event.conversationId;
  const act = async (speaker: Speaker) => agentActions({ ...deps, agent: await senderOf(speaker, id, deps) }, id);
  // For what the system says (a hand-off, a participant change, the close), whoever speaks now.
  const system = () => agentActions({ ...deps, agent: agentSender(deps.agentName, 'Chatbot') }, id);
  switch (event.eventType) {
    case 'escalate':
      await system().transfer(-1);
      return { ok: true };
    case 'sendMessage': {
      // replyId names the question answered; the new message's own id is messageId (idempotent) or fresh.
      const baseId = event.messageId ?? randomUUID();
      const actions = await act(event);
      let stored = 0;
      for (const [i, { message, text }] of messagesFor(event).entries()) {
        const messageId = i === 0 ? baseId : `${baseId}-${i}`;
        if (await actions.message(messageId, message, text)) {
          stored++;
          continue;
        }
        // Not stored: the same message again is a repeat; other content under its id is a conflict.
        if ((await deps.store.getMessage(id, messageId))?.text !== text) {
          throw new HttpError(409, 'message_id_conflict', `Message ${JSON.stringify(messageId)} already exists in this conversation with other content; give each new message its own messageId.`);
        }
      }
      return stored === 0 ? { ok: true, duplicate: true } : { ok: true };
    }
    case 'typing':
      await (await act(event)).typing(event.on);
      return { ok: true };
    case 'progress':
      await (await act(event)).progress(event.text);
      return { ok: true };
    case 'streamToken':
      await (await act(event)).token(event.messageId, event.sequence, event.text);
      return { ok: true };
    case 'streamInvalid':
      await (await act(event)).invalidateStream(event.messageId, 0, 'The agent withdrew this reply.');
      return { ok: true };
    case 'delivered':
    case 'read': {
      // All or nothing: a receipt for an id that is not a visitor message of this conversation is a bug in the agent.
      const unknown: string[] = [];
      for (const messageId of event.messageIds) if (!(await deps.store.visitorMessage(id, messageId))) unknown.push(messageId);
      if (unknown.length) {
        throw new HttpError(422, 'unknown_message', `data.messageIds: ${unknown.map((m) => JSON.stringify(m)).join(', ')} ${unknown.length === 1 ? 'is not a visitor message' : 'are not visitor messages'} of this conversation; no receipt was sent.`);
      }
      const actions = await act(event);
      for (const messageId of event.messageIds) await actions.acknowledge(messageId, event.eventType);
      return { ok: true };
    }
    case 'participant':
      await system().participant(event.operation, agentSender(event.displayName, event.role));
      return { ok: true };
    case 'endConversation':
      if (!(await system().close(event.reason))) throw closed();
      return { ok: true };
  }
}

const closed = () => new HttpError(409, 'conversation_closed', 'This conversation has ended; the agent can no longer act on it.');

export async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  if (!secretMatches(req.headers['x-webhook-secret'], deps.secret)) {
    throw new HttpError(401, 'unauthorized', 'The X-Webhook-Secret header is missing or wrong.');
  }
  let event: WebhookEvent;
  try {
    event = decodeWebhook(await readJson(req, 256 * 1024));
  } catch (error) {
    if (error instanceof WebhookInvalid) throw new HttpError(400, 'invalid_request', error.message);
    throw error;
  }
  if (event.eventType === 'isTeamOnline') return sendJson(res, 200, { isOnline: deps.teamOnline() });
  const conversation = await deps.store.getConversation(event.conversationId);
  if (!conversation) throw new HttpError(404, 'unknown_conversation', `No conversation ${JSON.stringify(event.conversationId)}.`);
  if (conversation.status === 'closed') throw closed();
  sendJson(res, 200, await apply(event, deps));
}
