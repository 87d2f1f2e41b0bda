// @vitest-environment happy-dom
import { createRequire } from 'node:module';
import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_REPLY, RAW_MARKERS } from '../../testing/markdown-reply';
import { seededRandom } from '../../testing/random';
import { renderMarkdown } from '../../testing/render-markdown';
import { createBlockStream } from './stream';

const require = createRequire(import.meta.url);
// The specification writes tabs as →.
const SPEC_EXAMPLES = (require('commonmark-spec') as { tests: { markdown: string; number: number }[] }).tests.map((example) => ({ ...example, markdown: example.markdown.replaceAll('→', '\t') }));

/** The reply cut into chunks of 1 to 12 characters, as tokens arrive. */
function prefixes(text: string, seed: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let end = 0; end < text.length; ) {
    end = Math.min(text.length, end + 1 + Math.floor(random() * 12));
    out.push(text.slice(0, end));
  }
  return out;
}

describe('createBlockStream', () => {
  it('lexes only the last block on each update, and keeps finished blocks as the same tokens', () => {
    let lexed = 0;
    const stream = createBlockStream((markdown) => {
      lexed += markdown.length;
      return Lexer.lex(markdown);
    });
    let previous: Token[] = [];
    const longestBlock = Math.max(...MARKDOWN_REPLY.split('\n\n').map((block) => block.length));
    for (const text of prefixes(MARKDOWN_REPLY, 1)) {
      lexed = 0;
      const tokens = stream(text, true);
      // At most the last block and the new chunk, twice (once to find the block, once completed).
      expect(lexed).toBeLessThanOrEqual(2 * (longestBlock + 2 + 12) + 8);
      const finished = previous.slice(0, -1).filter((token) => token.type !== 'space');
      for (const token of finished) expect(tokens).toContain(token);
      previous = tokens;
    }
  });

  it('starts over when the text is not a continuation', () => {
    const stream = createBlockStream((markdown) => Lexer.lex(markdown));
    stream('First paragraph.\n\nSecond', true);
    expect(stream('Other text.', true).map((token) => token.raw)).toEqual(['Other text.']);
  });

  it('gives the final text the finished blocks\' tokens, and otherwise the whole text\'s', () => {
    const stream = createBlockStream((markdown) => Lexer.lex(markdown));
    let streamed: Token[] = [];
    for (const text of prefixes(MARKDOWN_REPLY, 4)) streamed = stream(text, true);
    const final = stream(MARKDOWN_REPLY, false);
    const finished = streamed.slice(0, -1);
    finished.forEach((token, i) => expect(final[i]).toBe(token));
    expect(JSON.stringify(final)).toBe(JSON.stringify(Lexer.lex(MARKDOWN_REPLY).slice()));
  });

  it('ends on the whole text\'s tokens for every CommonMark example, streamed in steps of 1, 3 and 7 characters', () => {
    for (const { markdown, number } of SPEC_EXAMPLES) {
      for (const step of [1, 3, 7]) {
        const stream = createBlockStream((text) => Lexer.lex(text));
        for (let end = step; end < markdown.length; end += step) stream(markdown.slice(0, end), true);
        expect(JSON.stringify(stream(markdown, false)), `example ${number}, step ${step}`).toBe(JSON.stringify(Lexer.lex(markdown).slice()));
      }
    }
  });

  it.each([
    ['a different final text', 'First paragraph.\n\nSecond paragraph.', 'Another reply.\n\nIn full.'],
    ['a link reference defined after the block that uses it', 'See [the docs][docs].\n\nMore', 'See [the docs][docs].\n\n[docs]: https://example.com/docs'],
  ])('lexes the final text whole after %s', (_, streamedText, finalText) => {
    const stream = createBlockStream((markdown) => Lexer.lex(markdown));
    stream(streamedText, true);
    expect(JSON.stringify(stream(finalText, false))).toBe(JSON.stringify(Lexer.lex(finalText).slice()));
  });
});

describe('a streamed reply', () => {
  it.each([1, 2, 3])('shows no raw Markdown marker at any step (chunking %i), and ends as the whole reply renders', (seed) => {
    const container = document.createElement('div');
    for (const text of prefixes(MARKDOWN_REPLY, seed)) {
      const shown = renderMarkdown(text, { streaming: true, container }).textContent!;
      for (const marker of RAW_MARKERS) expect(shown, `after ${JSON.stringify(text.slice(-40))}`).not.toContain(marker);
    }
    // The same DOM as the whole reply rendered at once (attributes in any order).
    expect(container.firstElementChild!.isEqualNode(renderMarkdown(MARKDOWN_REPLY).firstElementChild)).toBe(true);
  });

  it('renders an unterminated fence as code, and a one-row table as a table', () => {
    const code = renderMarkdown('```js\nconst a = 1', { streaming: true });
    expect(code.querySelector('pre code')!.textContent).toBe('const a = 1\n');
    const table = renderMarkdown('| Plan | Price |', { streaming: true });
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Plan', 'Price']);
  });
});
