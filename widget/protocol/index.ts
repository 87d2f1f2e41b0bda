export * from './events';
export * from './decode';
export * from './stream';
export * from './chat-api';
export type * from './connection';
export type * from './track-call';
export type * from './wire';
export * from './tab-message';
export { SSE_EVENT } from './wire';
