// The message box: Enter sends, Shift+Enter starts a new line, IME composition is respected.
import { Component, type RefObject, h } from 'preact';
import type { Ui } from './context';
import { SendIcon } from './panel-icons';

const MAX_HEIGHT_PX = 140;

function grow(area: HTMLTextAreaElement) {
  area.style.height = 'auto';
  area.style.height = `${Math.min(area.scrollHeight, MAX_HEIGHT_PX)}px`;
}

export class Composer extends Component<{ ui: Ui; input: RefObject<HTMLTextAreaElement | null> }, { text: string }> {
  override state = { text: '' };

  // Mounted in a visible panel only after "Start new conversation", whose button just vanished:
  // focus comes here instead of being lost. (In the hidden panel at start-up, focus() does nothing.)
  override componentDidMount() {
    this.props.input.current?.focus();
  }

  private submit = (event: Event) => {
    event.preventDefault();
    const area = this.props.input.current!;
    if (!area.value.trim()) return;
    this.props.ui.actions.send(area.value);
    area.value = '';
    this.setState({ text: '' });
    grow(area);
  };

  override render({ ui: { strings }, input }: { ui: Ui; input: RefObject<HTMLTextAreaElement | null> }, { text }: { text: string }) {
    return (
      <form class="composer" onSubmit={this.submit}>
        <textarea
          ref={input}
          rows={1}
          aria-label={strings.message}
          placeholder={strings.placeholder}
          value={text}
          maxLength={4000}
          onInput={(e) => {
            this.setState({ text: e.currentTarget.value });
            grow(e.currentTarget);
          }}
          onKeyDown={(e) => e.key === 'Enter' && !e.shiftKey && !e.isComposing && this.submit(e)}
        />
        <button type="submit" class="send" aria-label={strings.send} disabled={!text.trim()}>
          <SendIcon />
        </button>
      </form>
    );
  }
}
