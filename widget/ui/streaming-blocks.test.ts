import { effect, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random';
import { splitBlocks } from './markdown';
import { streamingBlocks } from './streaming-blocks';

const REPLY = [
  'A first paragraph with **bold** and a [link](https://example.com).',
  'Then a list:\n- one\n- two\n1. three',
  '# A heading\nAfter it, a paragraph\nover two lines.',
  '```\nfenced code\n\nwith a blank line\n```',
  'And a last paragraph.',
].join('\n\n');

/** Follows a growing text; returns the blocks seen after each piece, and each new `finished` value. */
function follow(pieces: string[]) {
  const text = signal('');
  const { finished, last } = streamingBlocks(text);
  const notified: (readonly string[])[] = [];
  const stop = effect(() => void notified.push(finished.value));
  const seen: string[][] = [];
  for (const piece of pieces) {
    text.value += piece;
    seen.push(last.value ? [...finished.value, last.value] : [...finished.value]);
  }
  stop();
  return { seen, notified: notified.slice(1) };
}

describe('streamingBlocks', () => {
  it('always shows the blocks of the text so far, in random chunk sizes', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const random = seededRandom(seed);
      const pieces: string[] = [];
      for (let at = 0; at < REPLY.length; ) {
        const size = 1 + Math.floor(random() * 12);
        pieces.push(REPLY.slice(at, at + size));
        at += size;
      }
      const { seen, notified } = follow(pieces);
      let text = '';
      pieces.forEach((piece, i) => expect(seen[i], `seed ${seed}, piece ${i}`).toEqual(splitBlocks((text += piece))));
      // Finished blocks change only when one more finishes: never more new values than blocks finished.
      expect(notified.length).toBeLessThanOrEqual(splitBlocks(REPLY).length - 1);
      expect(notified.map((blocks) => blocks.length)).toEqual([...new Set(notified.map((blocks) => blocks.length))].sort((a, b) => a - b));
    }
  });

  it('gives the finished blocks a new value once per finished block, not once per token', () => {
    const tokens = REPLY.split(/(?<=\s)/);
    const { notified } = follow(tokens);
    expect(tokens.length).toBeGreaterThan(40);
    expect(notified.map((blocks) => blocks.length)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(notified.at(-1)).toEqual(splitBlocks(REPLY).slice(0, -1));
  });

  it('calls the last block plain only while showing its source as text shows it exactly', () => {
    const text = signal('');
    const { last, lastIsPlain } = streamingBlocks(text);
    const plainAfter = (more: string) => ((text.value += more), lastIsPlain.value);
    expect(plainAfter('')).toBe(false); // nothing to show yet
    expect(plainAfter('Just words, ')).toBe(true);
    expect(plainAfter('and **an unclosed marker')).toBe(true); // it shows as written
    expect(plainAfter('**')).toBe(false); // now strong
    expect(plainAfter('\n\nA new paragraph')).toBe(true);
    expect(last.value).toBe('A new paragraph');
    expect(plainAfter(' with a \\* escape')).toBe(false); // shown without its backslash
    text.value = 'Two lines\nof one paragraph';
    expect(lastIsPlain.value).toBe(false); // a line break is an element
    for (const block of ['- a list item', '# A heading', '```\ncode', 'a `code` span', 'see https://example.com']) {
      text.value = block;
      expect(lastIsPlain.value, block).toBe(false);
    }
  });
});
