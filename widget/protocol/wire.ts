// Wire shapes of PROTOCOL.md §1–§2, shared by the widget and the gateway.
// Types only: values arriving from the network are decoded with explicit checks (decode.ts),
// never cast to these.

/** §1 Chat API request body, widget → gateway. */
export type ChatApiEventType = 'startSession' | 'message' | 'endSession' | 'metadata' | 'stop';

export interface MetadataPair {
  key: string;
  value: string;
}

/** A file the visitor uploaded (POST /api/files), as a message carries it. */
export interface WireAttachment {
  id: string;
  name: string;
  /** The short lower-case type: png, jpeg, pdf, csv … */
  type: string;
  size: number;
  /** A signed gateway URL that expires; the gateway adds a fresh one whenever it sends the message. */
  url?: string;
}

export interface ChatApiRequest {
  platformConversationId: string;
  eventType: ChatApiEventType;
  text?: string;
  cardIndex?: number;
  metadata?: MetadataPair[];
  messageId?: string;
  /** On a message only; it may then have no text. */
  attachments?: WireAttachment[];
}

/** 200 body; `token` on the request that created the conversation, and a renewed one later while it is active. */
export interface ChatApiAccepted {
  ok: true;
  token?: string;
  /** The event repeated one already taken (same messageId, a second startSession): nothing changed. */
  duplicate?: true;
}

export interface ChatApiErrorBody {
  error: { code: string; message: string };
}

/** §2 SSE event names. */
export const SSE_EVENT = {
  message: 'CONVERSATION_MESSAGE',
  streamingToken: 'CONVERSATION_STREAMING_TOKEN',
  typingStarted: 'CONVERSATION_TYPING_STARTED_INDICATOR',
  typingStopped: 'CONVERSATION_TYPING_STOPPED_INDICATOR',
  progress: 'CONVERSATION_PROGRESS_INDICATOR',
  routingResult: 'CONVERSATION_ROUTING_RESULT',
  participantChanged: 'CONVERSATION_PARTICIPANT_CHANGED',
  deliveryAck: 'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT',
  readAck: 'CONVERSATION_READ_ACKNOWLEDGEMENT',
  close: 'CONVERSATION_CLOSE_CONVERSATION',
} as const;

export type SseEventName = (typeof SSE_EVENT)[keyof typeof SSE_EVENT];

export type SenderRole = 'EndUser' | 'Chatbot' | 'Agent' | 'System';
export type SenderAppType = 'iamessage' | 'chatbot' | 'agent' | 'conversation';

export interface WireSender {
  role: SenderRole;
  appType: SenderAppType;
  subject: string;
}

export interface WireConversationEntry {
  identifier: string;
  entryType: string;
  /** A JSON string (decoded a second time) or, tolerated, the object itself. */
  entryPayload: string | WireEntryPayload;
  sender: WireSender;
  senderDisplayName: string;
  transcriptedTimestamp: number;
  clientTimestamp: number;
}

export interface WireEnvelope {
  channelPlatformKey: string;
  channelType: 'embedded_messaging';
  channelAddressIdentifier: string;
  conversationId: string;
  conversationEntry: WireConversationEntry;
}

export interface WireTextFormat {
  formatType: 'Text';
  text: string;
}

export interface WireTitleOptionItem {
  itemType: 'TitleOptionItem';
  optionIdentifier: string;
  titleItem: { itemType: 'TitleItem'; title: string };
}

export interface WireAgentMeta {
  modelsUsed?: string[];
  toolsUsed?: string[];
  /** The visitor stopped the reply: the message holds the text streamed until then. */
  stopped?: boolean;
}

export type WireAbstractMessage =
  | {
      messageType: 'StaticContentMessage';
      id: string;
      staticContent:
        | WireTextFormat
        | { formatType: 'RichLink'; text: string; linkItem: { url: string; title: string } };
      agentMeta?: WireAgentMeta;
      /** The files a visitor's message carries. */
      attachments?: WireAttachment[];
    }
  | {
      messageType: 'ChoicesMessage';
      id: string;
      choices:
        | { formatType: 'Buttons' | 'QuickReplies'; text: string; optionItems: WireTitleOptionItem[] }
        | {
            formatType: 'Carousel';
            text: string;
            items: {
              titleItem: { itemType: 'TitleImageItem'; title: string; subTitle?: string; imageId?: string };
              interactionItems: WireTitleOptionItem[];
            }[];
            images: { id: string; assetType: 'ImageAsset'; assetUrl: string; description?: string }[];
          };
      agentMeta?: WireAgentMeta;
    };

export type WireEntryPayload =
  | { entryType: 'Message'; id: string; abstractMessage: WireAbstractMessage }
  | {
      entryType: 'StreamingToken';
      id: string;
      streamingToken:
        | {
            tokenType: 'MessageStreamingToken';
            sequenceNumber: number;
            timestamp: number;
            targetMessageIdentifier: string;
            token: WireTextFormat;
          }
        | {
            tokenType: 'StreamingTokenValidation';
            sequenceNumber: number;
            targetMessageIdentifier: string;
            result: { valid: boolean; reason?: string };
          };
    }
  | { entryType: 'TypingStartedIndicator' | 'TypingStoppedIndicator'; id: string; timestamp: number }
  | {
      entryType: 'ProgressIndicator';
      id: string;
      progressIndicator: { indicatorType: 'ProgressUpdateIndicator'; progressMessage: WireTextFormat };
    }
  | {
      entryType: 'RoutingResult';
      id: string;
      routingType: 'Initial' | 'Transfer';
      failureType: 'None' | 'Unknown' | 'SubmissionError' | 'RoutingError';
      failureReason: string;
      estimatedWaitTime: { estimatedWaitTimeInSeconds: number };
    }
  | {
      entryType: 'ParticipantChanged';
      id: string;
      entries: { operation: 'add' | 'remove'; displayName: string; participant: WireSender }[];
    }
  | {
      entryType: 'DeliveryAcknowledgement' | 'ReadAcknowledgement';
      id: string;
      acknowledgedConversationEntryIdentifier: string;
      acknowledgementTimestamp: number;
    }
  | { entryType: 'CloseConversation'; id: string; reason: 'EndUser' | 'Agent' | 'Timeout' };
