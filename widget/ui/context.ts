// What the components get: state to read, actions to call. Nothing here does I/O.
import type { Signal } from '@preact/signals';
import type { FileItem, Reaction } from '../chat/model';
import type { Option } from '../protocol';
import type { Strings } from '../i18n/strings';

export interface WidgetActions {
  open(): void;
  close(): void;
  /** The visitor may open the panel soon (pointer over or focus on the launcher): fetch what a conversation needs. */
  prepare(): void;
  send(text: string): void;
  /** Sends one of the configured suggested prompts as the visitor's message. */
  prompt(text: string): void;
  choose(option: Option, cardIndex?: number): void;
  retry(messageId: string): void;
  attach(files: File[]): void;
  detach(file: FileItem): void;
  retryFile(file: FileItem): void;
  /** Stops the reply that is streaming. */
  stop(): void;
  react(messageId: string, reaction: Reaction | null): void;
  /** Settles the reaction waiting for a comment: with the comment, or (none given) skipped. */
  settleReaction(comment?: string): void;
  endSession(): void;
  newConversation(): void;
}

export interface WidgetView {
  open: Signal<boolean>;
  /** What the polite live region says next: the latest new final message, or a short notice. */
  announcement: Signal<Announcement>;
}

/** A message is written in Markdown and read as its words once the panel's code is here. */
export type Announcement = { words: string } | { author: string; markdown: string };

/** Passed to every component that shows text or acts: one stable object. */
export interface Ui {
  actions: WidgetActions;
  strings: Strings;
  /** A message time, as the visitor's locale writes it. */
  time(at: number): string;
  /** A wait, as the visitor's locale writes it: seconds under a minute, else whole minutes. */
  duration(seconds: number): string;
  /** Says something once through the widget's polite live region ("Copied"). */
  announce(text: string): void;
  /** A file's size, as the visitor's locale writes it. */
  size(bytes: number): string;
  /** The visitor may attach files. */
  attach: boolean;
}
