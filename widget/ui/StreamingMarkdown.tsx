// A reply's Markdown while it streams, rendered at most once per animation frame: tokens arriving
// in many tasks within one frame cost one render. Markdown keeps the finished blocks' tokens, so
// only the last, growing block is lexed and rendered again.
import type { ReadonlySignal } from '@preact/signals';
import { Component, h } from 'preact';
import type { Ui } from './context';
import { Markdown } from './Markdown';
import { perFrame } from './per-frame';

export class StreamingMarkdown extends Component<{ text: ReadonlySignal<string>; ui: Ui }> {
  private shown = perFrame(this.props.text);

  override componentWillUnmount() {
    this.shown.dispose();
  }

  override render() {
    return <Markdown text={this.shown.value.value} ui={this.props.ui} streaming />;
  }
}
