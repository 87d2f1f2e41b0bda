// The conversation log. Follows new content while the visitor is at the bottom; leaves them
// alone when they have scrolled up to read.
import { Component, createRef, h } from 'preact';
import type { ChatState, TranscriptItem } from '../chat/model';
import type { Ui } from './context';
import { Message } from './Message';
import { Watch } from './watch';

function senderKey(item: TranscriptItem): string {
  return 'from' in item ? `${item.from.role}:${item.from.id}:${item.from.name}` : item.kind;
}

const NEAR_BOTTOM_PX = 48;

export class Transcript extends Component<{ state: ChatState; ui: Ui }> {
  private box = createRef<HTMLDivElement>();
  private list = createRef<HTMLOListElement>();

  override componentDidMount() {
    const box = this.box.current!;
    let pinned = true;
    const onScroll = () => (pinned = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX);
    // Content grows by appends and by streaming tokens alike: follow its size, not the events.
    const observer = new ResizeObserver(() => pinned && (box.scrollTop = box.scrollHeight));
    observer.observe(this.list.current!);
    box.addEventListener('scroll', onScroll, { passive: true });
    this.componentWillUnmount = () => observer.disconnect();
  }

  override render({ state, ui }: { state: ChatState; ui: Ui }) {
    return (
      // aria-live is off: each new final message is announced once by the widget's own live
      // region, not token by token. tabIndex lets keyboard users scroll the history.
      <div class="log" role="log" aria-live="off" tabIndex={0} ref={this.box}>
        <Watch on={[state.items]}>
          {() => {
            const items = state.items.value;
            let lastVisitor = -1;
            items.forEach((item, i) => item.kind === 'visitor' && (lastVisitor = i));
            return (
              <ol ref={this.list}>
                {items.map((item, i) => (
                  <Message
                    key={item.id}
                    item={item}
                    ui={ui}
                    live={i === items.length - 1}
                    first={i === 0 || senderKey(items[i - 1]!) !== senderKey(item)}
                    showReceipt={i === lastVisitor}
                  />
                ))}
              </ol>
            );
          }}
        </Watch>
      </div>
    );
  }
}
