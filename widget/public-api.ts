// The public API's types: the object mount() returns (and window.AgentChat exposes) and the events it
// emits. mount() and the chat's chunk both use them, so they live apart from either.
import type { Reaction } from './chat/model';
import type { ConnectionStatus, TrackCall } from './protocol';

export interface PublicMessage {
  id: string;
  role: 'visitor' | 'agent';
  author: string;
  text: string;
  at: number;
}

export interface AgentChatEvents {
  ready: void;
  open: void;
  close: void;
  message: PublicMessage;
  prompt: PublicMessage;
  response: PublicMessage & { durationMs?: number };
  reaction: { messageId: string; reaction: Reaction | 'unreact'; comment?: string };
  error: { message: string };
  connection: ConnectionStatus;
  track: TrackCall;
}

export interface AgentChatApi {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  setMetadata(metadata: Record<string, string>): void;
  endSession(): void;
  newConversation(): void;
  on<K extends keyof AgentChatEvents>(name: K, handler: (payload: AgentChatEvents[K]) => void): () => void;
  destroy(): void;
}
