// Turns chat notices into Pendo agent events (PROTOCOL §4). Chat already guarantees each
// prompt and response is surfaced once per conversation, across reloads and replays.
import type { Chat } from '../chat/chat';
import { contentText } from '../protocol';
import type { AgenticProperties, TrackCall, TrackSink } from './sink';

export interface TrackingOptions {
  agentId: string;
  agentModelsUsed: string[];
  properties: Record<string, unknown>;
  /** Each call is also reported here (the widget's `track` event). */
  onTrack?(call: TrackCall): void;
}

export function trackChat(chat: Chat, sink: TrackSink, options: TrackingOptions): () => void {
  function base(messageId: string, content: string): AgenticProperties {
    return {
      agentId: options.agentId,
      conversationId: chat.state.conversationId.value,
      messageId,
      content,
      agentModelsUsed: options.agentModelsUsed,
      suggestedPrompt: false,
      toolsUsed: [],
      agentFilesUploaded: [],
    };
  }

  function emit(call: TrackCall) {
    sink.track(call);
    options.onTrack?.(call);
  }

  return chat.subscribe((notice) => {
    if (notice.type === 'prompt') {
      const { item } = notice;
      emit({
        eventType: 'prompt',
        agenticProperties: { ...base(item.id, item.text), suggestedPrompt: item.suggested },
        properties: { ...options.properties },
      });
    } else if (notice.type === 'response') {
      const { item, durationMs } = notice;
      emit({
        eventType: 'agent_response',
        agenticProperties: {
          ...base(item.id, contentText(item.content)),
          agentModelsUsed: item.meta?.modelsUsed ?? options.agentModelsUsed,
          toolsUsed: item.meta?.toolsUsed ?? [],
        },
        properties: { ...(durationMs !== undefined && { duration: durationMs }), ...options.properties },
      });
    }
  });
}
