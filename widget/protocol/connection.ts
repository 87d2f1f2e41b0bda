// What the chat needs from its connection to the gateway: Chat API posts and the event stream.
// The transport implements it, tests fake it; both sides import it from here, below them.
import type { ChatApiRequest } from './wire';
import type { Attachment, ChatEvent, DecodeError } from './events';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline';

export type PostResult =
  | { ok: true; token?: string }
  | { ok: false; status: number; message: string };

/** One SSE event as the gateway sent it (what a tab shares with the others). */
export interface SseMessage {
  /** The event's name; absent means `message`. */
  event?: string | undefined;
  data: string;
  /** The SSE id of a durable event. */
  id?: string | undefined;
}

export interface SseHandlers {
  /** `message` is the event as the gateway sent it. */
  onEvent(event: ChatEvent, entryId: string, message?: SseMessage): void;
  onDecodeError(error: DecodeError): void;
  onStatus(status: ConnectionStatus): void;
  /** The token was refused (401/403): reconnecting cannot help. */
  onAuthFailed(): void;
}

export type UploadResult = { ok: true; file: Attachment } | { ok: false; message: string };

/** One file on its way to POST /api/files: resolves once, aborted or not. */
export interface Upload {
  done: Promise<UploadResult>;
  abort(): void;
}

export interface Transport {
  post(body: ChatApiRequest, token: string | null): Promise<PostResult>;
  /** Uploads one file; `progress` gets the fraction sent so far. */
  upload(file: File, token: string | null, progress: (fraction: number) => void): Upload;
  /** Listens with the conversation's token, after `lastEventId` when given; returns the function that stops listening. */
  events(token: string, handlers: SseHandlers, lastEventId?: string): () => void;
}
