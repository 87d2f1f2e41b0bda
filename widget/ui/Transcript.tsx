// The conversation log. Follows new content while the visitor is at the bottom; leaves them
// alone when they have scrolled up to read.
import { useEffect, useRef } from 'preact/hooks';
import type { ChatState, TranscriptItem } from '../chat/model';
import { useValue } from './hooks';
import { Message } from './Message';

function senderKey(item: TranscriptItem): string {
  return item.kind === 'visitor' ? 'visitor' : `${item.from.role}:${item.from.id}:${item.from.name}`;
}

const NEAR_BOTTOM_PX = 48;

export function Transcript({ state }: { state: ChatState }) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const box = scroller.current!;
    const onScroll = () => {
      pinned.current = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX;
    };
    // Content grows by appends and by streaming tokens alike: follow its size, not the events.
    const observer = new ResizeObserver(() => {
      if (pinned.current) box.scrollTop = box.scrollHeight;
    });
    observer.observe(content.current!);
    box.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      box.removeEventListener('scroll', onScroll);
    };
  }, []);

  const items = useValue(state.items);
  let lastVisitor = -1;
  for (let i = items.length - 1; i >= 0 && lastVisitor < 0; i--) if (items[i]!.kind === 'visitor') lastVisitor = i;

  return (
    // aria-live is off: each new final message is announced once by the widget's own live region,
    // not token by token. tabIndex lets keyboard users scroll the history.
    <div class="log" role="log" aria-live="off" tabIndex={0} ref={scroller}>
      <ol ref={content}>
        {items.map((item, i) => (
          <Message
            key={item.id}
            item={item}
            live={i === items.length - 1}
            first={i === 0 || senderKey(items[i - 1]!) !== senderKey(item)}
            showReceipt={i === lastVisitor}
          />
        ))}
      </ol>
    </div>
  );
}
