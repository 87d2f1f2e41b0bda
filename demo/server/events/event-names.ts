// The SSE event name of every conversation entry, in one table: an event is emitted from its
// payload, and its name follows from the payload's entryType, so the two cannot disagree.
import { SSE_EVENT, type SseEventName, type WireEntryPayload } from '../../../widget/protocol/wire';

export type EntryType = WireEntryPayload['entryType'];

export const EVENT_NAME = {
  Message: SSE_EVENT.message,
  StreamingToken: SSE_EVENT.streamingToken,
  TypingStartedIndicator: SSE_EVENT.typingStarted,
  TypingStoppedIndicator: SSE_EVENT.typingStopped,
  ProgressIndicator: SSE_EVENT.progress,
  RoutingResult: SSE_EVENT.routingResult,
  ParticipantChanged: SSE_EVENT.participantChanged,
  DeliveryAcknowledgement: SSE_EVENT.deliveryAck,
  ReadAcknowledgement: SSE_EVENT.readAck,
  CloseConversation: SSE_EVENT.close,
} as const satisfies Record<EntryType, SseEventName>;

export const eventNameOf = (payload: WireEntryPayload): SseEventName => EVENT_NAME[payload.entryType];
