export * from './sink';
export * from './track-chat';
