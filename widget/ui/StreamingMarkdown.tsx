// A reply's Markdown while it streams. Finished blocks render once, each memoised on its text;
// a token re-renders only the last, growing block, and at most once per animation frame.
import type { ReadonlySignal } from '@preact/signals';
import { Component, Fragment, h } from 'preact';
import { MarkdownBlock } from './Markdown';
import { perFrame } from './per-frame';
import { streamingBlocks } from './streaming-blocks';

const FinishedBlocks = ({ blocks }: { blocks: ReadonlySignal<readonly string[]> }) => (
  <>{blocks.value.map((source, i) => <MarkdownBlock key={i} source={source} />)}</>
);

const LastBlock = ({ source }: { source: ReadonlySignal<string> }) => (source.value ? <MarkdownBlock source={source.value} /> : null);

export class StreamingMarkdown extends Component<{ text: ReadonlySignal<string> }> {
  private shown = perFrame(this.props.text);
  private blocks = streamingBlocks(this.shown.value);

  override componentWillUnmount() {
    this.shown.dispose();
  }

  override render() {
    const { finished, last } = this.blocks;
    return (
      <div class="md">
        <FinishedBlocks blocks={finished} />
        <LastBlock source={last} />
      </div>
    );
  }
}
