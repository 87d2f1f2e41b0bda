// Markdown as AI agents write it (CommonMark, with GitHub's tables, strikethrough, task lists and
// autolinks), rendered as DOM nodes: parsed by marked's lexer into tokens, never into HTML.
// Blocks are memoised on their tokens: while a reply streams, finished blocks keep theirs and only
// the last block is lexed again (completed as it will read, so no raw markers show).
import { Component, h } from 'preact';
import { Lexer, type Token } from 'marked';
import type { Ui } from './context';
import { Block, topHeading } from './markdown/render';
import { createBlockStream } from './markdown/stream';

const lex = (markdown: string): Token[] => Lexer.lex(markdown);

export interface MarkdownProps {
  text: string;
  ui: Ui;
  /** A reply still being written: it only grows, and its last block may end mid-construct. */
  streaming?: boolean;
}

export class Markdown extends Component<MarkdownProps> {
  private text: string | null = null;
  private tokens: Token[] = [];
  private stream = createBlockStream(lex);

  override render({ text, ui, streaming }: MarkdownProps) {
    if (text !== this.text) {
      this.text = text;
      const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
      this.tokens = streaming ? this.stream(normalised) : lex(normalised);
    }
    const top = topHeading(this.tokens);
    return <div class="md">{this.tokens.map((token, i) => <Block key={i} token={token} ui={ui} top={top} />)}</div>;
  }
}
