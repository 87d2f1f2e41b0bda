// A Pendo trackAgent call (PROTOCOL §4): made by tracking, carried by the transport in server mode.
export type TrackEventType = 'prompt' | 'agent_response' | 'user_reaction';

export interface AgenticProperties {
  agentId: string;
  conversationId: string;
  messageId: string;
  content: string;
  agentModelsUsed: string[];
  suggestedPrompt: boolean;
  toolsUsed: string[];
  agentFilesUploaded: { type: string; name: string }[];
  agentUserReactionComments?: string[];
}

export interface TrackCall {
  eventType: TrackEventType;
  agenticProperties: AgenticProperties;
  properties: Record<string, unknown>;
}
