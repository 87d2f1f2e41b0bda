// What answers the visitor: the built-in demo bot, or an upstream bot behind its own Chat API.
import type { ChatApiRequest, WireAbstractMessage } from '../../../widget/protocol/wire';

/** A Chat API event the gateway accepted; a message always carries its messageId. */
export type BotRequest = ChatApiRequest & { messageId?: string };

export interface Bot {
  /**
   * Takes one event (a visitor message is already stored and shown). Resolves once the bot has it;
   * a rejection fails the visitor's request with a retryable 502, and the retry (same messageId)
   * hands it over again.
   */
  receive(request: BotRequest): Promise<void>;
  dispose(): void;
}

export class BotUnavailable extends Error {}

/** An abstractMessage before it gets its id and agentMeta (an Omit that keeps the union). */
export type MessageBody = WireAbstractMessage extends infer M ? (M extends unknown ? Omit<M, 'id' | 'agentMeta'> : never) : never;

/** The message with its id: the one place a body becomes a full abstractMessage. */
export function withId(message: MessageBody | WireAbstractMessage, id: string, extra: Partial<WireAbstractMessage> = {}): WireAbstractMessage {
  return { ...message, ...extra, id } as WireAbstractMessage;
}
