// The Chat API outbox: calls go out one at a time, in the visitor's order, so each carries the
// token the one before it may have brought.
import { type PostResult, type Transport, type VisitorAction, chatApiBody } from '../protocol';
import type { Session } from './session';

/**
 * Queues one Chat API call behind the others. Resolves to null when the visitor moved to a new
 * conversation before its turn came: the call is moot. A token in the answer is kept, and
 * `onToken` told, while its conversation is still the current one.
 */
export type Post = ((action: VisitorAction) => Promise<PostResult | null>) & {
  /** Resolves once every call queued so far is answered (an upload waits for the token they bring). */
  settled(): Promise<unknown>;
};

export function createOutbox(transport: Transport, session: Session, onToken: () => void): Post {
  let queue: Promise<unknown> = Promise.resolve();
  return Object.assign(function post(action: VisitorAction) {
    const conversationId = session.conversationId();
    const result = queue.then(async () => {
      if (conversationId !== session.conversationId()) return null;
      const answer = await transport.post(chatApiBody(action, conversationId), session.token());
      if (answer.ok && answer.token && conversationId === session.conversationId()) {
        session.setToken(answer.token);
        onToken();
      }
      return answer;
    });
    queue = result;
    return result;
  }, { settled: () => queue });
}
