// A reply's Markdown while it streams. Finished blocks render once, each memoised on its text; the
// last, growing block updates at most once per animation frame: as one text node while it is plain
// text, else by re-rendering that block alone.
import type { ReadonlySignal } from '@preact/signals';
import { Component, Fragment, h } from 'preact';
import { MarkdownBlock } from './Markdown';
import { perFrame } from './per-frame';
import { streamingBlocks } from './streaming-blocks';

const FinishedBlocks = ({ blocks }: { blocks: ReadonlySignal<readonly string[]> }) => (
  <>{blocks.value.map((source, i) => <MarkdownBlock key={i} source={source} />)}</>
);

function LastBlock({ source, plain }: { source: ReadonlySignal<string>; plain: ReadonlySignal<boolean> }) {
  // The signal itself as the child: its new text rewrites the text node and renders nothing.
  if (plain.value) return <p>{source}</p>;
  return source.value ? <MarkdownBlock source={source.value} /> : null;
}

export class StreamingMarkdown extends Component<{ text: ReadonlySignal<string> }> {
  private shown = perFrame(this.props.text);
  private blocks = streamingBlocks(this.shown.value);

  override componentWillUnmount() {
    this.shown.dispose();
  }

  override render() {
    const { finished, last, lastIsPlain } = this.blocks;
    return (
      <div class="md">
        <FinishedBlocks blocks={finished} />
        <LastBlock source={last} plain={lastIsPlain} />
      </div>
    );
  }
}
