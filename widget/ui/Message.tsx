// One transcript entry. Memoised by item identity: appending to the transcript re-renders only
// the new item; a streaming reply re-renders only its own bubble.
import type { AgentItem, StreamItem, TranscriptItem, VisitorItem } from '../chat/model';
import type { MessageContent, Option } from '../protocol';
import { useWidget } from './context';
import { useFrameValue, useValue } from './hooks';
import { Markdown } from './Markdown';
import { safeHref } from './markdown';
import { memo } from './memo';

function VisitorMessage({ item, showReceipt }: { item: VisitorItem; showReceipt: boolean }) {
  const { strings, actions } = useWidget();
  const state = useValue(item.send);
  const error = useValue(item.error);
  const failed = state === 'failed';
  return (
    <li class={failed ? 'msg mine failed' : 'msg mine'}>
      <span class="sr">{strings.you}:</span>
      <div class="bubble">{item.text}</div>
      {failed ? (
        <div class="note" title={error ?? ''}>
          {strings.notSent} — <button type="button" onClick={() => actions.retry(item.id)}>{strings.retry}</button>
        </div>
      ) : (
        showReceipt && <div class="note">{{ pending: strings.sending, sent: strings.sent, delivered: strings.delivered, read: strings.read }[state]}</div>
      )}
    </li>
  );
}

function Options({ options, cardIndex }: { options: Option[]; cardIndex?: number }) {
  const { actions } = useWidget();
  return (
    <div class="options">
      {options.map((option) => (
        <button type="button" key={option.id} onClick={() => actions.choose(option, cardIndex)}>
          {option.title}
        </button>
      ))}
    </div>
  );
}

function Content({ content, live }: { content: MessageContent; live: boolean }) {
  const href = content.type === 'link' && safeHref(content.url);
  return (
    <>
      {content.text && <div class="bubble"><Markdown text={content.text} /></div>}
      {href && content.type === 'link' && (
        <a class="card" href={href} target="_blank" rel="noopener noreferrer">
          <strong>{content.title}</strong>
          <small>{new URL(href).host}</small>
        </a>
      )}
      {/* Quick replies are a one-time choice: gone once the conversation moves on. Buttons stay. */}
      {content.type === 'choices' && (live || content.style === 'buttons') && <Options options={content.options} />}
      {content.type === 'carousel' &&
        content.cards.map((card, index) => (
          <div class="card" role="group" aria-label={card.title} key={index}>
            <strong>{card.title}</strong>
            {card.subtitle && <small>{card.subtitle}</small>}
            <Options options={card.options} cardIndex={index} />
          </div>
        ))}
    </>
  );
}

function AgentMessage({ item, live, first }: { item: AgentItem; live: boolean; first: boolean }) {
  return (
    <li class="msg">
      {first && <span class="sender">{item.from.name}</span>}
      <Content content={item.content} live={live} />
    </li>
  );
}

function StreamingMessage({ item, first }: { item: StreamItem; first: boolean }) {
  const { strings } = useWidget();
  const text = useFrameValue(item.text);
  const incomplete = useValue(item.incomplete);
  return (
    <li class="msg" aria-busy="true">
      {first && <span class="sender">{item.from.name}</span>}
      <div class="bubble">
        <Markdown text={text} />
        {!incomplete && <i class="caret" />}
      </div>
      {incomplete && <div class="note">{strings.incomplete}</div>}
    </li>
  );
}

export interface MessageProps {
  item: TranscriptItem;
  /** The latest item: its quick replies are still offered. */
  live: boolean;
  /** The first of a run from one sender: shows the sender's name. */
  first: boolean;
  showReceipt: boolean;
}

export const Message = memo(function Message({ item, live, first, showReceipt }: MessageProps) {
  return item.kind === 'visitor' ? (
    <VisitorMessage item={item} showReceipt={showReceipt} />
  ) : item.kind === 'agent' ? (
    <AgentMessage item={item} live={live} first={first} />
  ) : (
    <StreamingMessage item={item} first={first} />
  );
});
