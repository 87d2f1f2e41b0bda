// One transcript entry. Memoised by item identity: appending to the transcript re-renders only
// the new item; a streaming reply re-renders only its own bubble.
import { memo } from './memo';
import type { MessageContent } from '../protocol';
import type { AgentItem, StreamItem, TranscriptItem, VisitorItem } from '../chat/model';
import { useWidget } from './context';
import { useFrameValue } from './hooks';
import { LinkIcon } from './icons';
import { Markdown } from './Markdown';
import { safeHref } from './markdown';

function VisitorMessage({ item, showReceipt }: { item: VisitorItem; showReceipt: boolean }) {
  const { strings, actions } = useWidget();
  const state = item.send.value;
  const label = { pending: strings.sending, sent: strings.sent, delivered: strings.delivered, read: strings.read, failed: strings.notSent }[state];
  return (
    <li class={`msg msg-visitor${state === 'failed' ? ' is-failed' : ''}`}>
      <p class="sr-only">{strings.you}:</p>
      <div class="bubble">{item.text}</div>
      {(showReceipt || state === 'failed') && (
        <div class="receipt">
          {state === 'failed' ? (
            <>
              <span title={item.error.value ?? undefined}>{label} — </span>
              <button type="button" class="link-button" onClick={() => actions.retry(item.id)}>{strings.retry}</button>
            </>
          ) : (
            label
          )}
        </div>
      )}
    </li>
  );
}

function Options({ content, live }: { content: MessageContent & { type: 'choices' }; live: boolean }) {
  const { actions } = useWidget();
  // Quick replies are a one-time choice: they disappear once the conversation moves on.
  if (content.style === 'quick-replies' && !live) return null;
  return (
    <div class={`options options-${content.style}`}>
      {content.options.map((option) => (
        <button type="button" class="option" key={option.id} onClick={() => actions.choose(option)}>
          {option.title}
        </button>
      ))}
    </div>
  );
}

function Content({ content, live }: { content: MessageContent; live: boolean }) {
  const { actions } = useWidget();
  switch (content.type) {
    case 'text':
      return <div class="bubble"><Markdown text={content.text} /></div>;
    case 'link': {
      const href = safeHref(content.url);
      return (
        <div class="bubble">
          {content.text && <Markdown text={content.text} />}
          {href && (
            <a class="link-card" href={href} target="_blank" rel="noopener noreferrer">
              <LinkIcon />
              <span>
                <strong>{content.title}</strong>
                <small>{new URL(href).host}</small>
              </span>
            </a>
          )}
        </div>
      );
    }
    case 'choices':
      return (
        <>
          {content.text && <div class="bubble"><Markdown text={content.text} /></div>}
          <Options content={content} live={live} />
        </>
      );
    case 'carousel':
      return (
        <>
          {content.text && <div class="bubble"><Markdown text={content.text} /></div>}
          <div class="cards">
            {content.cards.map((card, index) => (
              <div class="card" role="group" aria-label={card.title} key={index}>
                <strong>{card.title}</strong>
                {card.subtitle && <small>{card.subtitle}</small>}
                {card.options.map((option) => (
                  <button type="button" class="option" key={option.id} onClick={() => actions.choose(option, index)}>
                    {option.title}
                  </button>
                ))}
              </div>
            ))}
          </div>
        </>
      );
  }
}

function Sender({ name }: { name: string }) {
  return name ? <p class="sender">{name}</p> : <p class="sr-only">Agent:</p>;
}

function AgentMessage({ item, live, first }: { item: AgentItem; live: boolean; first: boolean }) {
  return (
    <li class="msg msg-agent">
      {first && <Sender name={item.from.name} />}
      <Content content={item.content} live={live} />
    </li>
  );
}

function StreamingMessage({ item, first }: { item: StreamItem; first: boolean }) {
  const { strings } = useWidget();
  const text = useFrameValue(item.text);
  return (
    <li class="msg msg-agent is-streaming" aria-busy="true">
      {first && <Sender name={item.from.name} />}
      <div class="bubble">
        <Markdown text={text} />
        {!item.incomplete.value && <span class="caret" aria-hidden="true" />}
      </div>
      {item.incomplete.value && <div class="receipt">{strings.incomplete}</div>}
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
  switch (item.kind) {
    case 'visitor':
      return <VisitorMessage item={item} showReceipt={showReceipt} />;
    case 'agent':
      return <AgentMessage item={item} live={live} first={first} />;
    case 'stream':
      return <StreamingMessage item={item} first={first} />;
  }
});
