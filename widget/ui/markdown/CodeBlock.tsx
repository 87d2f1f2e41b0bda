// A fenced or indented code block: its language, a Copy button, and the code, which scrolls
// sideways inside the block rather than widening the message.
import { Component, createRef, h } from 'preact';
import type { Ui } from '../context';

type CopyState = 'idle' | 'copied' | 'failed';

interface CodeBlockProps {
  code: string;
  lang: string;
  ui: Ui;
}

/** How long the button shows that the copy happened. */
const SHOWN_MS = 2000;

export class CodeBlock extends Component<CodeBlockProps, { copy: CopyState }> {
  override state = { copy: 'idle' as CopyState };
  private code = createRef<HTMLElement>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  private show(copy: CopyState) {
    const { strings, announce } = this.props.ui;
    announce(copy === 'copied' ? strings.copied : strings.copyFailed);
    this.setState({ copy });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.setState({ copy: 'idle' }), SHOWN_MS);
  }

  private copy = () => {
    // Without clipboard access (an insecure page, a denied permission) the code is selected
    // instead, for the visitor to copy with their keyboard or menu.
    const failed = () => {
      const code = this.code.current;
      if (code) getSelection()?.selectAllChildren(code);
      this.show('failed');
    };
    if (!navigator.clipboard) return failed();
    navigator.clipboard.writeText(this.props.code).then(() => this.show('copied'), failed);
  };

  override render({ code, lang, ui: { strings } }: CodeBlockProps, { copy }: { copy: CopyState }) {
    return (
      <div class="code">
        <div class="code-bar">
          <span>{lang}</span>
          <button type="button" class={`copy ${copy}`} aria-label={strings.copyCode} title={copy === 'failed' ? strings.copyFailed : strings.copyCode} onClick={this.copy}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d={copy === 'copied' ? 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z' : 'M16 1H4a2 2 0 0 0-2 2v14h2V3h12zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m0 16H8V7h11z'} />
            </svg>
          </button>
        </div>
        <pre tabIndex={0}>
          <code ref={this.code} class={lang ? `language-${lang}` : undefined}>{code && `${code}\n`}</code>
        </pre>
      </div>
    );
  }
}
