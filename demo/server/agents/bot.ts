// The agent interface: what answers the visitor. The built-in demo bot, an upstream bot behind its
// own Chat API and an OpenAI-compatible model all implement it; the rest of the gateway only sees Bot.
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
  /**
   * The visitor pressed Stop: the reply streaming in this conversation, if any, ends now with the
   * text so far (marked stopped). Never fails: with nothing streaming it does nothing.
   */
  stop(conversationId: string): void;
  dispose(): void;
}

export class BotUnavailable extends Error {}

/** An abstractMessage before it gets its id and agentMeta (an Omit that keeps the union). */
export type MessageBody = WireAbstractMessage extends infer M ? (M extends unknown ? Omit<M, 'id' | 'agentMeta'> : never) : never;

/** The message with its id: the one place a body becomes a full abstractMessage. */
export function withId(message: MessageBody | WireAbstractMessage, id: string, extra: Partial<WireAbstractMessage> = {}): WireAbstractMessage {
  return { ...message, ...extra, id } as WireAbstractMessage;
}
