// Pure core: a conversation's stored messages → the Chat Completions `messages` array, bounded by
// count and by characters, newest kept. No I/O.
import type { MessageRecord } from '../store/store';

export interface ChatCompletionMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface HistoryBounds {
  /** At most this many conversation messages (the system message not counted). */
  messages: number;
  /** At most this many characters of conversation messages in all; the newest is kept whatever its size. */
  chars: number;
}

/**
 * The system message (when there are instructions), then the conversation's latest messages
 * within the bounds, ending with `question` (added when the store does not have it yet).
 * System entries of the transcript (notices) are not the conversation and are left out.
 */
export function historyMessages(
  stored: readonly Pick<MessageRecord, 'id' | 'role' | 'text'>[],
  question: { id: string; text: string },
  instructions: string,
  bounds: HistoryBounds,
): ChatCompletionMessage[] {
  const turns = stored.filter((m) => m.role !== 'System' && m.text !== '' && m.id !== question.id);
  const all: ChatCompletionMessage[] = [
    ...turns.map((m) => ({ role: m.role === 'EndUser' ? ('user' as const) : ('assistant' as const), content: m.text })),
    { role: 'user', content: question.text },
  ];
  const kept: ChatCompletionMessage[] = [];
  let chars = 0;
  for (let i = all.length - 1; i >= 0 && kept.length < bounds.messages; i--) {
    chars += all[i]!.content.length;
    if (kept.length > 0 && chars > bounds.chars) break;
    kept.push(all[i]!);
  }
  kept.reverse();
  return instructions ? [{ role: 'system', content: instructions }, ...kept] : kept;
}
