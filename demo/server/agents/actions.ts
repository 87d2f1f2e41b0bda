// What an agent can do in one conversation, whichever agent it is: each action is one PROTOCOL §2
// event, emitted through the event log (durable ones stored, ephemeral ones only published).
import { randomUUID } from 'node:crypto';
import type { WireAgentMeta } from '../../../widget/protocol/wire';
import { SYSTEM, type Sender } from '../events/envelope';
import type { EventLog } from '../events/event-log';
import type { ConversationStore } from '../store/store';
import { type MessageBody, withId } from './bot';

export interface MessageOptions {
  /** Who speaks; the agent's own identity by default. */
  sender?: Sender;
  agentMeta?: WireAgentMeta;
}

export interface AgentActions {
  typing(on: boolean, sender?: Sender): Promise<void>;
  progress(text: string, sender?: Sender): Promise<void>;
  /** One streamed token of the message that will have the id `target`; `sequence` counts from 1. */
  token(target: string, sequence: number, text: string, sender?: Sender): Promise<void>;
  /** Withdraws the tokens of `target` numbered before `sequence` (the widget removes their text). */
  invalidateStream(target: string, sequence: number, reason: string, sender?: Sender): Promise<void>;
  /** A durable message; resolves false when a message with this id was already stored. */
  message(id: string, body: MessageBody, text: string, options?: MessageOptions): Promise<boolean>;
  /** A delivery or read receipt for one of the visitor's messages. */
  acknowledge(messageId: string, state: 'delivered' | 'read', sender?: Sender): Promise<void>;
  participant(operation: 'add' | 'remove', who: Sender): Promise<void>;
  /** The conversation is being handed to a person; a negative wait is unknown. */
  transfer(waitSeconds: number): Promise<void>;
  /** The visitor's message could not be answered: a notice saying why (a routing failure). */
  failed(reason: string): Promise<void>;
  /** Closes the conversation (closeConversation); false when it was closed already. */
  close(reason: 'Agent' | 'Timeout'): Promise<boolean>;
}

export interface ActionDeps {
  log: EventLog;
  store: Pick<ConversationStore, 'closeConversation'>;
  clock: () => number;
  /** The agent's identity, for every action not given another sender. */
  agent: Sender;
}

export type CloseReason = 'EndUser' | 'Agent' | 'Timeout';

/**
 * The one way a conversation closes, whoever closes it (the visitor, the agent, the idle timeout):
 * the store's conditional close, then the close event, so that each conversation closes once across
 * instances. False when it was closed already or, with `silentSince`, the visitor wrote after then.
 */
export async function closeConversation(
  { log, store, clock }: Omit<ActionDeps, 'agent'>, conversationId: string, reason: CloseReason, silentSince?: number,
): Promise<boolean> {
  if (!(await store.closeConversation(conversationId, clock(), silentSince))) return false;
  await log.durable(conversationId, { entryType: 'CloseConversation', id: randomUUID(), reason }, SYSTEM);
  return true;
}

export function agentActions({ log, store, clock, agent }: ActionDeps, conversationId: string): AgentActions {
  const ephemeral = (payload: Parameters<EventLog['ephemeral']>[1], sender: Sender) => log.ephemeral(conversationId, payload, sender);
  const durable = async (payload: Parameters<EventLog['durable']>[1], sender: Sender) => void (await log.durable(conversationId, payload, sender));
  return {
    typing: (on, sender = agent) =>
      ephemeral({ entryType: on ? 'TypingStartedIndicator' : 'TypingStoppedIndicator', id: randomUUID(), timestamp: clock() }, sender),
    progress: (text, sender = agent) =>
      ephemeral({
        entryType: 'ProgressIndicator', id: randomUUID(),
        progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text } },
      }, sender),
    token: (target, sequence, text, sender = agent) =>
      ephemeral({
        entryType: 'StreamingToken', id: randomUUID(),
        streamingToken: {
          tokenType: 'MessageStreamingToken', sequenceNumber: sequence, timestamp: clock(), targetMessageIdentifier: target,
          token: { formatType: 'Text', text },
        },
      }, sender),
    invalidateStream: (target, sequence, reason, sender = agent) =>
      ephemeral({
        entryType: 'StreamingToken', id: randomUUID(),
        streamingToken: { tokenType: 'StreamingTokenValidation', sequenceNumber: sequence, targetMessageIdentifier: target, result: { valid: false, reason } },
      }, sender),
    async message(id, body, text, { sender = agent, agentMeta } = {}) {
      const abstractMessage = withId(body, id, agentMeta ? { agentMeta } : {});
      const stored = await log.durable(conversationId, { entryType: 'Message', id, abstractMessage }, sender, {
        id, role: sender.role, text, body: JSON.stringify(abstractMessage),
      });
      return stored !== null;
    },
    acknowledge: (messageId, state, sender = agent) =>
      durable({
        entryType: state === 'delivered' ? 'DeliveryAcknowledgement' : 'ReadAcknowledgement', id: randomUUID(),
        acknowledgedConversationEntryIdentifier: messageId, acknowledgementTimestamp: clock(),
      }, sender),
    participant: (operation, who) =>
      durable({
        entryType: 'ParticipantChanged', id: randomUUID(),
        entries: [{ operation, displayName: who.displayName, participant: { role: who.role, appType: who.appType, subject: who.subject } }],
      }, SYSTEM),
    transfer: (waitSeconds) =>
      durable({
        entryType: 'RoutingResult', id: randomUUID(), routingType: 'Transfer', failureType: 'None', failureReason: '',
        estimatedWaitTime: { estimatedWaitTimeInSeconds: waitSeconds },
      }, SYSTEM),
    failed: (reason) =>
      durable({
        entryType: 'RoutingResult', id: randomUUID(), routingType: 'Initial', failureType: 'SubmissionError', failureReason: reason,
        estimatedWaitTime: { estimatedWaitTimeInSeconds: -1 },
      }, SYSTEM),
    close: (reason) => closeConversation({ log, store, clock }, conversationId, reason),
  };
}
