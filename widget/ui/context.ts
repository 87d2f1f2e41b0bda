// What the components get: state to read, actions to call. Nothing here does I/O.
import type { Signal } from '@preact/signals-core';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Option } from '../protocol';
import type { Strings } from './strings';

export interface WidgetActions {
  open(): void;
  close(): void;
  send(text: string): void;
  choose(option: Option, cardIndex?: number): void;
  retry(messageId: string): void;
  newConversation(): void;
}

export interface WidgetView {
  open: Signal<boolean>;
  /** The text of the latest new final message, for the polite live region. */
  announcement: Signal<string>;
}

export interface WidgetContext {
  actions: WidgetActions;
  strings: Strings;
}

export const WidgetCtx = createContext<WidgetContext | null>(null);

export function useWidget(): WidgetContext {
  const context = useContext(WidgetCtx);
  if (!context) throw new Error('agent-chat: components must render inside <ChatWidget>');
  return context;
}
