// Markdown as AI agents write it (CommonMark, with GitHub's tables, strikethrough, task lists and
// autolinks), rendered as DOM nodes: parsed by marked's lexer into tokens, never into HTML.
// Blocks are memoised on their tokens: while a reply streams, finished blocks keep theirs and only
// the last block is lexed again (completed as it will read, so no raw markers show). The final
// text of a streamed reply renders in the same component, keeping the blocks it finished.
import type { ReadonlySignal } from '@preact/signals';
import { Component, h } from 'preact';
import { Lexer, type Token } from 'marked';
import type { Ui } from './context';
import { Block, topHeading } from './markdown/render';
import { createBlockStream } from './markdown/stream';
import { type PerFrame, perFrame } from './per-frame';

const lex = (markdown: string): Token[] => Lexer.lex(markdown);

export interface MarkdownProps {
  /** A signal is a reply still being written, rendered from it at most once a frame and every 50 ms (perFrame). */
  text: string | ReadonlySignal<string>;
  ui: Ui;
  /** A reply still being written: it only grows, and its last block may end mid-construct. */
  streaming?: boolean;
}

export class Markdown extends Component<MarkdownProps> {
  private text: string | null = null;
  private tokens: Token[] = [];
  private blocks = createBlockStream(lex);
  private shown: PerFrame<string> | null = null;

  override componentWillUnmount() {
    this.shown?.dispose();
  }

  override render({ text, ui, streaming = typeof text !== 'string' }: MarkdownProps) {
    if (typeof text === 'string') {
      this.shown?.dispose();
      this.shown = null;
    } else this.shown ??= perFrame(text);
    const source = this.shown ? this.shown.value.value : (text as string);
    if (source !== this.text) {
      this.text = source;
      this.tokens = this.blocks(source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source, streaming);
    }
    const top = topHeading(this.tokens);
    return <div class="md">{this.tokens.map((token, i) => <Block key={i} token={token} ui={ui} top={top} />)}</div>;
  }
}
