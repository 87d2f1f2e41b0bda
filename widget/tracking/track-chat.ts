// Turns chat notices into Pendo agent events (PROTOCOL §4). Chat already guarantees each
// prompt and response is surfaced once per conversation, across reloads and replays, and a
// reaction only when the visitor changes it. A response another tab's stream brought is that
// tab's to track; a prompt and a reaction are tracked by the tab they were made in.
import type { Chat } from '../chat/chat';
import type { AgentItem } from '../chat/model';
import { type AgenticProperties, type TrackCall, contentText } from '../protocol';

export interface TrackingOptions {
  agentId: string;
  agentModelsUsed: string[];
  properties: Record<string, unknown>;
}

export function trackChat(chat: Chat, emit: (call: TrackCall) => void, options: TrackingOptions): () => void {
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

  /** A response's fields; a reaction to it repeats its models and tools. */
  const response = (item: AgentItem, content: string) => ({
    ...base(item.id, content),
    agentModelsUsed: item.meta?.modelsUsed ?? options.agentModelsUsed,
    toolsUsed: item.meta?.toolsUsed ?? [],
  });

  return chat.subscribe((notice) => {
    const properties = { ...options.properties };
    if (notice.type === 'prompt') {
      const { item } = notice;
      const agentFilesUploaded = (item.files ?? []).map(({ type, name }) => ({ type, name }));
      emit({ eventType: 'prompt', agenticProperties: { ...base(item.id, item.text), suggestedPrompt: item.suggested, agentFilesUploaded }, properties });
    } else if (notice.type === 'response' && !notice.shared) {
      const { item, durationMs } = notice;
      emit({
        eventType: 'agent_response',
        agenticProperties: response(item, contentText(item.content)),
        properties: { ...(durationMs !== undefined && { duration: durationMs }), ...properties },
      });
    } else if (notice.type === 'reaction') {
      const { item, reaction, comment } = notice;
      emit({
        eventType: 'user_reaction',
        agenticProperties: { ...response(item, reaction), ...(comment && { agentUserReactionComments: [comment] }) },
        properties,
      });
    }
  });
}
