// <Watch on={[signals]}>{() => …}</Watch>: re-renders just this subtree when one of the signals
// changes. With `frame`, at most once per animation frame (a streaming reply: one render per
// frame, not per token). Components otherwise stay plain functions of their props.
import type { ReadonlySignal } from '@preact/signals';
import { Component, type ComponentChildren } from 'preact';

export interface WatchProps {
  on: ReadonlySignal<unknown>[];
  frame?: boolean;
  children: () => ComponentChildren;
}

export class Watch extends Component<WatchProps> {
  override componentDidMount() {
    let frame = 0;
    const update = () => {
      frame = 0;
      this.forceUpdate();
    };
    const stops = this.props.on.map((source) => {
      const rendered = source.peek();
      let first = true;
      return source.subscribe((value) => {
        // subscribe() calls back at once: re-render then only if the value moved since render.
        const initial = first;
        first = false;
        if (initial && value === rendered) return;
        if (!this.props.frame) update();
        else frame ||= requestAnimationFrame(update);
      });
    });
    this.componentWillUnmount = () => {
      for (const stop of stops) stop();
      cancelAnimationFrame(frame);
    };
  }

  override render() {
    return this.props.children();
  }
}
