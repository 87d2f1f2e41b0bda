// The message box: Enter sends, Shift+Enter starts a new line, IME composition is respected. Files
// come in by the attach button (after the box, so the box stays the first stop from the prompts
// above), by pasting, or by dropping them on the panel (Panel.tsx); they wait above the box, each
// with its progress, until the message goes.
import { Component, Fragment, type RefObject, createRef, h } from 'preact';
import type { ChatState } from '../chat/model';
import { fill } from '../i18n/strings';
import type { Ui } from './context';
import { Files } from './Files';
import { AttachIcon, SendIcon } from './panel-icons';

const MAX_HEIGHT_PX = 140;

function grow(area: HTMLTextAreaElement) {
  area.style.height = 'auto';
  area.style.height = `${Math.min(area.scrollHeight, MAX_HEIGHT_PX)}px`;
}

interface ComposerProps {
  ui: Ui;
  state: ChatState;
  input: RefObject<HTMLTextAreaElement | null>;
}

export class Composer extends Component<ComposerProps, { text: string }> {
  override state = { text: '' };
  private picker = createRef<HTMLInputElement>();

  // Mounted in a visible panel only after "Start new conversation", whose button just vanished:
  // focus comes here instead of being lost. (In the hidden panel at start-up, focus() does nothing.)
  override componentDidMount() {
    this.props.input.current?.focus();
  }

  private submit = (event: Event) => {
    event.preventDefault();
    const area = this.props.input.current!;
    if (!area.value.trim() && !this.props.state.drafts.value.length) return;
    this.props.ui.actions.send(area.value);
    area.value = '';
    this.setState({ text: '' });
    grow(area);
  };

  override render({ ui, state: { drafts, refusal }, input }: ComposerProps, { text }: { text: string }) {
    const { strings, actions, size } = ui;
    const refused = refusal.value;
    return (
      <>
        {refused && (
          <p class="note refused" role="alert">
            {fill(strings[refused.reason === 'size' ? 'fileTooLarge' : refused.reason === 'type' ? 'fileTypeRefused' : 'tooManyFiles'], {
              name: refused.name, size: size(refused.limit), count: String(refused.limit),
            })}
          </p>
        )}
        {drafts.value.length > 0 && <Files files={drafts.value} ui={ui} removable />}
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
            onPaste={(e) => {
              const files = [...(e.clipboardData?.files ?? [])];
              if (ui.attach && files.length) {
                e.preventDefault();
                actions.attach(files);
              }
            }}
          />
          {ui.attach && (
            <>
              <input
                ref={this.picker}
                type="file"
                multiple
                hidden
                onChange={(e) => {
                  actions.attach([...e.currentTarget.files!]);
                  e.currentTarget.value = ''; // the same file may be chosen again
                }}
              />
              <button type="button" class="attach" aria-label={strings.attachFiles} onClick={() => this.picker.current!.click()}>
                <AttachIcon />
              </button>
            </>
          )}
          <button type="submit" class="send" aria-label={strings.send} disabled={!text.trim() && !drafts.value.length}>
            <SendIcon />
          </button>
        </form>
      </>
    );
  }
}
