// One transcript entry. Memoised by item identity: appending to the transcript re-renders only
// the new item; a streaming reply re-renders only its own bubble.
import type { ReadonlySignal } from '@preact/signals';
import { type ComponentChildren, Fragment, h } from 'preact';
import type { AgentItem, NoticeItem, StreamItem, TranscriptItem, VisitorItem } from '../chat/model';
import { Carousel } from './Carousel';
import { Files } from './Files';
import { Options } from './Options';
import { Reactions } from './Reactions';
import type { MessageContent } from '../protocol';
import type { Ui } from './context';
import { Markdown } from './Markdown';
import { safeHref } from './safe-url';
import { memo } from './memo';
import { fill } from '../i18n/strings';

function VisitorMessage({ item, ui, showReceipt }: { item: VisitorItem; ui: Ui; showReceipt: boolean }) {
  const { strings, actions } = ui;
  const state = item.send.value;
  const failed = state === 'failed';
  return (
    <li class={failed ? 'msg mine failed' : 'msg mine'}>
      <span class="sr">{strings.you}:</span>
      {item.text && <div class="bubble" dir="auto">{item.text}</div>}
      {item.files && <Files files={item.files} ui={ui} />}
      {failed ? (
        <div class="note" title={item.error.value ?? ''}>
          {strings.notSent} — <button type="button" onClick={() => actions.retry(item.id)}>{strings.retry}</button>
        </div>
      ) : (
        showReceipt && <div class="note">{{ pending: strings.sending, sent: strings.sent, delivered: strings.delivered, read: strings.read }[state]}</div>
      )}
    </li>
  );
}

/** A message's text: the same node while it streams and once final, so the final text keeps the streamed blocks. */
const Text = ({ text, ui, children }: { text: string | ReadonlySignal<string>; ui: Ui; children?: ComponentChildren }) => (
  <div class="bubble" dir="auto">
    <Markdown text={text} ui={ui} />
    {children}
  </div>
);

function Content({ content, ui, live }: { content: MessageContent; ui: Ui; live: boolean }) {
  const href = content.type === 'link' && safeHref(content.url);
  return (
    <>
      {content.type === 'carousel' && <Carousel content={content} ui={ui} />}
      {href && content.type === 'link' && (
        <a class="card" href={href} target="_blank" rel="noopener noreferrer">
          <strong>{content.title}</strong>
          <small>{new URL(href).host}</small>
        </a>
      )}
      {/* Quick replies are a one-time choice: gone once the conversation moves on. Buttons stay. */}
      {content.type === 'choices' && (live || content.style === 'buttons') && <Options options={content.options} ui={ui} />}
    </>
  );
}

/** Memoised: a streaming reply's message renders again as its text grows, its sender and time do not. */
const Sender = memo(({ item, first, ui }: { item: AgentItem | StreamItem; first: boolean; ui: Ui }) =>
  first ? (
    <span class="sender">
      {item.from.name} <time>{ui.time(item.at)}</time>
    </span>
  ) : null,
);

function streamingMessage(item: StreamItem, ui: Ui, first: boolean) {
  // Its text was withdrawn and nothing new has come: there is nothing to show.
  if (!item.text.value) return null;
  return (
    <li class="msg" aria-busy="true">
      <Sender item={item} first={first} ui={ui} />
      <Text text={item.text} ui={ui}>{!item.incomplete.value && <i class="caret" />}</Text>
      {item.incomplete.value && <div class="note">{ui.strings.incomplete}</div>}
    </li>
  );
}

export interface MessageProps {
  item: TranscriptItem;
  ui: Ui;
  /**
   * The latest item, offering quick replies (they go when another message comes). False for every
   * other item, so that a new message does not re-render the one before it.
   */
  live: boolean;
  /** The first of a run from one sender: shows the sender's name. */
  first: boolean;
  showReceipt: boolean;
}

function noticeText({ notice }: NoticeItem, { strings, duration }: Ui): string {
  switch (notice.type) {
    case 'transfer':
      if (notice.waitSeconds === undefined) return strings.transferring;
      return fill(strings.waitTime, { wait: duration(notice.waitSeconds), minutes: String(Math.max(1, Math.round(notice.waitSeconds / 60))) });
    case 'transfer-failed':
      return fill(strings.transferFailed, { reason: notice.reason });
    case 'restarted':
      return strings.restarted;
    default:
      return fill(strings[notice.type], { name: notice.name });
  }
}

export const Message = memo(function Message({ item, ui, live, first, showReceipt }: MessageProps) {
  if (item.kind === 'notice') return <li class="notice">{noticeText(item, ui)}</li>;
  if (item.kind === 'visitor') return <VisitorMessage item={item} ui={ui} showReceipt={showReceipt} />;
  // A streamed reply and its final message share their element tree down to the Markdown.
  if (item.kind === 'stream') return streamingMessage(item, ui, first);
  const { content } = item;
  return (
    <li class="msg">
      <Sender item={item} first={first} ui={ui} />
      {content.text && content.type !== 'carousel' && <Text text={content.text} ui={ui} />}
      <Content content={item.content} ui={ui} live={live} />
      {item.meta?.stopped && <div class="note">{ui.strings.stopped}</div>}
      {item.from.role !== 'System' && <Reactions item={item} ui={ui} />}
    </li>
  );
});
