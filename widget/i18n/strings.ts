// Every visible string, in one place (English; the other locales are in widget/locales). Hosts
// override any of them through `strings`.
export const EN_STRINGS = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  message: 'Message',
  placeholder: 'Type a message…',
  send: 'Send',
  stop: 'Stop',
  /** Under a reply the visitor stopped. */
  stopped: 'Stopped',
  sent: 'Sent',
  sending: 'Sending…',
  delivered: 'Delivered',
  read: 'Read',
  notSent: 'Not sent',
  retry: 'Retry',
  isTyping: '{name} is typing',
  someoneTyping: 'Typing',
  you: 'You',
  incomplete: 'This answer was cut off.',
  conversationEnded: 'Conversation ended',
  startNew: 'Start new conversation',
  suggestedPrompts: 'Suggested prompts',
  reconnecting: 'Reconnecting…',
  offline: "You're offline",
  poweredBy: 'AI agent',
  previous: 'Previous',
  next: 'Next',
  slide: '{n} of {total}',
  moreOptions: 'More options',
  endConversation: 'End conversation',
  transferring: 'Connecting you to an agent…',
  /** {wait} reads as the locale writes a duration ("30 seconds", "2 minutes"); {minutes} is the wait in whole minutes. */
  waitTime: 'Connecting you to an agent… Estimated wait: {wait}',
  transferFailed: "We couldn't connect you to an agent ({reason}). Please try again.",
  joined: '{name} joined',
  left: '{name} left',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  whatWentWrong: 'What went wrong? (optional)',
  whatHelped: 'What helped? (optional)',
  skip: 'Skip',
  sendFeedback: 'Send feedback',
  thanks: 'Thanks for your feedback',
  restarted: 'Your previous conversation could not be continued, so a new one has started.',
  newMessages: 'New messages',
  earlier: 'Show earlier messages',
  copyCode: 'Copy code',
  copied: 'Copied',
  copyFailed: "Couldn't copy: the code is selected, copy it from there",
  /** A table's name: {columns} lists its column headings. */
  table: 'Table: {columns}',
  attachFiles: 'Attach files',
  removeFile: 'Remove {name}',
  uploadFailed: 'Upload failed',
  /** {size} is the limit, as the locale writes a size ("10 MB"). */
  fileTooLarge: '{name} is over {size}',
  fileTypeRefused: "{name}: this type of file can't be sent",
  tooManyFiles: 'At most {count} files at a time',
} as const;

export type Strings = { [K in keyof typeof EN_STRINGS]: string };

/** The built-in locales besides English, by language subtag. */
export const LOCALE_CODES = ['ar', 'de', 'es', 'fr', 'ja'];

/** Scripts written right to left, by language subtag. */
export const isRtl = (language: string) => /^(ar|fa|he|ur)$/.test(language);

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
