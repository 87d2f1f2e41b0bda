// The conversation log. Follows new content while the visitor is at the bottom; when they have
// scrolled up to read, it stays put and offers a "New messages" button instead. Only the latest
// messages are rendered (more on request), so a long history costs the same per append as a short one.
import { Component, createRef, h } from 'preact';
import type { ChatState, TranscriptItem } from '../chat/model';
import type { Ui } from './context';
import { Message } from './Message';

function senderKey(item: TranscriptItem): string {
  return 'from' in item ? `${item.from.role}:${item.from.id}:${item.from.name}` : item.kind;
}

const NEAR_BOTTOM_PX = 48;
/** Messages rendered at first, and added by each "Show earlier messages". */
export const PAGE = 100;

interface TranscriptState {
  shown: number;
  /** Something arrived while the visitor was scrolled up. */
  unseen: boolean;
}

/** Quick replies last only while theirs is the latest message; nothing else depends on being last. */
const offersQuickReplies = (item: TranscriptItem) => item.kind === 'agent' && item.content.type === 'choices' && item.content.style === 'quick-replies';

export class Transcript extends Component<{ state: ChatState; ui: Ui }, TranscriptState> {
  override state = { shown: PAGE, unseen: false };
  private box = createRef<HTMLDivElement>();
  private list = createRef<HTMLOListElement>();

  override componentDidMount() {
    const box = this.box.current!;
    let following = true;
    // Where the log last put itself: only a visitor scrolls above it. (A scroll event can arrive
    // after more content came in below: far from the bottom then is not the visitor's doing.)
    let pinnedTop = 0;
    let count = this.props.state.items.peek().length;
    const follow = (on: boolean) => {
      following = on;
      // While following, the browser must not keep older content in view as the window of
      // rendered messages slides; while the visitor reads, it should.
      box.style.overflowAnchor = on ? 'none' : '';
      if (on && this.state.unseen) this.setState({ unseen: false });
    };
    const onScroll = () => {
      if (box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX) follow(true);
      else if (box.scrollTop < pinnedTop - 1) follow(false);
    };
    // Content grows by appends and by streaming tokens alike: follow its size, not the events.
    const observer = new ResizeObserver(() => {
      if (!following) return;
      box.scrollTop = box.scrollHeight;
      pinnedTop = box.scrollTop;
    });
    observer.observe(this.list.current!);
    box.addEventListener('scroll', onScroll, { passive: true });
    follow(true);
    const stop = this.props.state.items.subscribe((items) => {
      if (items.length > count && !following) this.setState({ unseen: true });
      count = items.length;
    });
    this.componentWillUnmount = () => {
      observer.disconnect();
      stop();
    };
  }

  private toBottom = () => {
    const box = this.box.current!;
    box.scrollTop = box.scrollHeight;
    box.focus(); // the button goes away: keep the keyboard in the log
  };

  override render({ state, ui }: { state: ChatState; ui: Ui }, { shown, unseen }: TranscriptState) {
    const items = state.items.value;
    const from = Math.max(0, items.length - shown);
    let lastVisitor = -1;
    items.forEach((item, i) => item.kind === 'visitor' && (lastVisitor = i));
    return (
      // aria-live is off: each new final message is announced once by the widget's own live
      // region, not token by token. tabIndex lets keyboard users scroll the history.
      <div class="log" role="log" aria-live="off" tabIndex={0} ref={this.box}>
        <ol ref={this.list}>
          {from > 0 && (
            <li class="notice">
              <button type="button" onClick={() => this.setState({ shown: shown + PAGE })}>{ui.strings.earlier}</button>
            </li>
          )}
          {items.slice(from).map((item, n) => {
            const i = from + n;
            return (
              <Message
                key={item.id}
                item={item}
                ui={ui}
                live={i === items.length - 1 && offersQuickReplies(item)}
                first={i === from || senderKey(items[i - 1]!) !== senderKey(item)}
                showReceipt={i === lastVisitor}
              />
            );
          })}
        </ol>
        {unseen && (
          <button type="button" class="primary more" onClick={this.toBottom}>
            {ui.strings.newMessages}
          </button>
        )}
      </div>
    );
  }
}
