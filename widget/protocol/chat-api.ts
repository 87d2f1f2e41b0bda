// Chat API bodies (PROTOCOL §1) built from visitor actions, and the gateway's answers decoded.
import { attachment } from './attachment';
import type { Attachment } from './events';
import { isString, opt, parseJson } from './json';
import type { ChatApiRequest, MetadataPair } from './wire';

export type VisitorAction =
  | { type: 'start'; metadata?: Record<string, string> }
  | { type: 'message'; text: string; messageId: string; cardIndex?: number; metadata?: Record<string, string>; files?: Attachment[] }
  | { type: 'end' }
  | { type: 'metadata'; metadata: Record<string, string> }
  /** Stop the reply that is streaming. */
  | { type: 'stop' };

function pairs(record: Record<string, string> | undefined): MetadataPair[] | undefined {
  if (!record) return undefined;
  const list = Object.entries(record).map(([key, value]) => ({ key, value }));
  return list.length ? list : undefined;
}

export function chatApiBody(action: VisitorAction, conversationId: string): ChatApiRequest {
  const base = { platformConversationId: conversationId };
  switch (action.type) {
    case 'start': {
      const metadata = pairs(action.metadata);
      return { ...base, eventType: 'startSession', ...(metadata && { metadata }) };
    }
    case 'message': {
      const metadata = pairs(action.metadata);
      return {
        ...base,
        eventType: 'message',
        text: action.text,
        ...(action.cardIndex !== undefined && { cardIndex: action.cardIndex }),
        ...(metadata && { metadata }),
        messageId: action.messageId,
        ...(action.files?.length && { attachments: action.files.map(({ id, name, type, size }) => ({ id, name, type, size })) }),
      };
    }
    case 'end':
      return { ...base, eventType: 'endSession' };
    case 'metadata':
      return { ...base, eventType: 'metadata', metadata: pairs(action.metadata) ?? [] };
    case 'stop':
      return { ...base, eventType: 'stop' };
  }
}

/** The token of a 200 answer, if the gateway issued one (first request of a conversation). */
export function decodeAccepted(body: string): { token?: string } {
  const token = opt(parseJson(body), 'token', isString);
  return token ? { token } : {};
}

/** The developer-facing message of an error answer, or a generic one naming the status. */
export function decodeErrorMessage(body: string, status: number): string {
  return opt(parseJson(body), 'error.message', isString) || `The chat service answered HTTP ${status}.`;
}

/** The file a 201 answer of POST /api/files describes, or undefined when the answer is not one. */
export const decodeUploaded = (body: string): Attachment | undefined => attachment(parseJson(body))[0];
