// The typed chat events the rest of the widget consumes. Produced only by decode.ts.
import type { SenderRole } from './wire';

export interface Participant {
  role: SenderRole;
  id: string;
  name: string;
}

export interface Option {
  id: string;
  title: string;
}

export interface CarouselCard {
  title: string;
  subtitle?: string;
  image?: { url: string; alt: string };
  options: Option[];
}

export type MessageContent =
  | { type: 'text'; text: string }
  | { type: 'link'; text: string; url: string; title: string }
  | { type: 'choices'; style: 'buttons' | 'quick-replies'; text: string; options: Option[] }
  | { type: 'carousel'; text: string; cards: CarouselCard[] };

/** A file a visitor's message carries (PROTOCOL §1 attachments); `url` is signed and expires. */
export interface Attachment {
  id: string;
  name: string;
  /** The short lower-case type: png, jpeg, pdf, csv … */
  type: string;
  size: number;
  url?: string;
}

export interface AgentMeta {
  modelsUsed?: string[];
  toolsUsed?: string[];
  /** The visitor stopped this reply: it holds the text streamed until then. */
  stopped?: boolean;
}

export type ChatEvent =
  | { kind: 'message'; id: string; from: Participant; content: MessageContent; at: number; meta?: AgentMeta; files?: Attachment[] }
  | { kind: 'token'; target: string; seq: number; text: string; from: Participant }
  | { kind: 'token-invalid'; target: string; seq: number; reason: string }
  | { kind: 'typing'; from: Participant; on: boolean }
  | { kind: 'progress'; text: string }
  | { kind: 'receipt'; messageId: string; state: 'delivered' | 'read' }
  | { kind: 'routing'; transfer: boolean; failure?: string; waitSeconds?: number }
  /** One or more people joining or leaving, in the order given. */
  | { kind: 'participant'; changes: { op: 'add' | 'remove'; who: Participant }[] }
  | { kind: 'closed'; reason: string };

/**
 * Why an SSE event did not become a ChatEvent. Only `malformed` is an error: an unknown event is
 * skipped with a warning, and an `ignored` one (a validation that found nothing wrong) silently.
 */
export type DecodeError =
  | { kind: 'unknown-event'; name: string }
  | { kind: 'ignored'; name: string }
  | { kind: 'malformed'; name: string; reason: string };

export type DecodeResult =
  | { ok: true; event: ChatEvent; entryId: string }
  | { ok: false; error: DecodeError };

/** The visible text of a message, with option titles appended (what analytics and the export record). */
export function contentText(content: MessageContent): string {
  switch (content.type) {
    case 'text':
    case 'link':
      return content.text;
    case 'choices':
      return [content.text, ...content.options.map((o) => o.title)].filter(Boolean).join('\n');
    case 'carousel':
      return [content.text, ...content.cards.map((c) => c.title)].filter(Boolean).join('\n');
  }
}
