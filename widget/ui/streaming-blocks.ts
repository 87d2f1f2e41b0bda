// A growing Markdown text seen as the blocks a renderer needs: the finished ones, which change only
// when one more block finishes, and the last one, which grows with every token.
import { type ReadonlySignal, computed } from '@preact/signals';
import { parseBlock, splitBlocks } from './markdown';

export interface StreamingBlocks {
  /** The source of every block but the last: the same array until one more block finishes. */
  finished: ReadonlySignal<readonly string[]>;
  /** The source of the last block, '' before the first. */
  last: ReadonlySignal<string>;
  /** The last block is a paragraph of plain text, shown exactly as written: a text node can show it. */
  lastIsPlain: ReadonlySignal<boolean>;
}

function isPlainParagraph(source: string): boolean {
  const block = parseBlock(source);
  return block.type === 'p' && block.children.length === 1 && block.children[0] === source;
}

export function streamingBlocks(text: ReadonlySignal<string>): StreamingBlocks {
  const blocks = computed(() => splitBlocks(text.value));
  let previous: readonly string[] = [];
  const finished = computed(() => {
    const all = blocks.value;
    const count = Math.max(0, all.length - 1);
    // A computed notifies only when its value is a new one: keep the array while nothing finished.
    if (count === previous.length && previous.every((source, i) => source === all[i])) return previous;
    return (previous = all.slice(0, count));
  });
  const last = computed(() => blocks.value[blocks.value.length - 1] ?? '');
  const lastIsPlain = computed(() => isPlainParagraph(last.value));
  return { finished, last, lastIsPlain };
}
