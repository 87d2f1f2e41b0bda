// The npm entry. Importing it has no side effects; mount() starts everything.
export { mount } from './api';
export type { AgentChatApi, AgentChatEvents, PublicMessage } from './public-api';
export { ConfigError, resolveConfig } from './config';
export type { AgentChatConfig, TrackingConfig } from './config';
export { ChatWidget } from './ui/ChatWidget';
export type { ChatWidgetProps } from './ui/ChatWidget';
export { createChat } from './chat/chat';
export type { Chat, ChatDeps } from './chat/chat';
export type { ChatNotice } from './chat/notices';
export type { ChatState, TranscriptItem, SendState } from './chat/model';
export { createTransport } from './transport';
export type { ChatEvent, MessageContent, Participant, Option, Transport, ConnectionStatus, TrackCall, AgenticProperties } from './protocol';
