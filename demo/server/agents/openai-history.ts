// Pure core: a conversation's stored messages → the Chat Completions `messages` array, bounded by
// count and by characters, newest kept. No I/O. A visitor's images go as image parts; other files
// by name and URL in the text (a model reads text, and may fetch the URL with a tool).
import type { WireAttachment } from '../../../widget/protocol/wire';
import { isImage } from '../files/sniff';
import type { MessageRecord } from '../store/store';

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatCompletionMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface HistoryBounds {
  /** At most this many conversation messages (the system message not counted). */
  messages: number;
  /** At most this many characters of conversation messages in all; the newest is kept whatever its size. */
  chars: number;
}

/** A turn of the conversation; a visitor's may carry files, with signed URLs. */
export type Turn = Pick<MessageRecord, 'id' | 'role' | 'text'> & { attachments?: Required<WireAttachment>[] };

/** A visitor's words and files: plain text, or parts when it has images. */
function userContent(text: string, attachments: Required<WireAttachment>[] = []): ChatCompletionMessage['content'] {
  const documents = attachments.filter((a) => !isImage(a.type)).map((a) => `Attached file: ${a.name} (${a.type}, ${a.size} bytes) ${a.url}`);
  const described = [text, ...documents].filter(Boolean).join('\n');
  const images = attachments.filter((a) => isImage(a.type));
  if (!images.length) return described;
  return [...(described ? [{ type: 'text' as const, text: described }] : []), ...images.map((a) => ({ type: 'image_url' as const, image_url: { url: a.url } }))];
}

const charsOf = (content: ChatCompletionMessage['content']) =>
  typeof content === 'string' ? content.length : content.reduce((sum, part) => sum + (part.type === 'text' ? part.text.length : part.image_url.url.length), 0);

/**
 * The system message (when there are instructions), then the conversation's latest messages
 * within the bounds, ending with `question` (added when the store does not have it yet).
 * System entries of the transcript (notices) are not the conversation and are left out.
 */
export function historyMessages(
  stored: readonly Turn[],
  question: Omit<Turn, 'role'>,
  instructions: string,
  bounds: HistoryBounds,
): ChatCompletionMessage[] {
  const turns = stored.filter((m) => m.role !== 'System' && (m.text !== '' || m.attachments?.length) && m.id !== question.id);
  const all: ChatCompletionMessage[] = [
    ...turns.map((m) => (m.role === 'EndUser' ? { role: 'user' as const, content: userContent(m.text, m.attachments) } : { role: 'assistant' as const, content: m.text })),
    { role: 'user', content: userContent(question.text, question.attachments) },
  ];
  const kept: ChatCompletionMessage[] = [];
  let chars = 0;
  for (let i = all.length - 1; i >= 0 && kept.length < bounds.messages; i--) {
    chars += charsOf(all[i]!.content);
    if (kept.length > 0 && chars > bounds.chars) break;
    kept.push(all[i]!);
  }
  kept.reverse();
  return instructions ? [{ role: 'system', content: instructions }, ...kept] : kept;
}
