// The cut-down lexer the bundles ship (tools/marked-lexer.ts) against marked's own module, both
// loaded as they are, outside Vite: the same tokens for every CommonMark example, for the GFM
// constructs the widget renders, and for random Markdown-like text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type { Lexer as MarkedLexer } from 'marked';
import { describe, expect, it } from 'vitest';
import { markedGfmLexer } from './marked-lexer';

const require = createRequire(import.meta.url);
const source = readFileSync(new URL('../node_modules/marked/lib/marked.esm.js', import.meta.url), 'utf8');
const load = async (code: string) => (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { Lexer: typeof MarkedLexer };
const marked = await load(source);
const cutModule = await load(await markedGfmLexer(source));
const original = marked.Lexer;
const cut = cutModule.Lexer;

/** Tokens with the reference definitions the lexer collects beside them. */
const lexed = (lexer: typeof MarkedLexer, markdown: string) => {
  const tokens = lexer.lex(markdown);
  return { tokens: JSON.parse(JSON.stringify(tokens)) as unknown, links: { ...tokens.links } };
};

const examples = (require('commonmark-spec') as { tests: { markdown: string }[] }).tests.map((example) => example.markdown.replaceAll('→', '\t'));
const GFM = [
  '| Plan | Price |\n|:-----|------:|\n| Pro | $10 |\n| Team | `$20` |',
  'a | b\n--|--\nc | d\n> quote',
  '~~gone~~ and ~one~ and ~~~not~~~',
  '- [ ] open\n- [x] done\n  - [X] nested',
  'See https://example.com/path?q=1), www.example.com. and mail me@example.com or <https://x.y>.',
  'line  \nbreak\\\nnext',
  '**bold *nested* _mixed_** __under__ ***both***',
  '```ts\nconst a = 1;\n```\n\n~~~\ntilde\n~~~',
  '1. one\n2. two\n\n   para\n10) ten',
  '<div>\nhtml block\n</div>\n\ninline <b>tag</b> &amp; &#35; &copy;',
  '[ref] and ![img][ref]\n\n[ref]: https://example.com "Title"',
  'Setext\n===\n\nSub\n---\n\n# ATX #\n\n***',
];

describe('the lexer cut down for the bundles', () => {
  it('gives the tokens marked gives for every CommonMark example', () => {
    for (const markdown of examples) expect(lexed(cut, markdown), markdown).toEqual(lexed(original, markdown));
  });

  it('gives the tokens marked gives for the GFM constructs the widget renders', () => {
    for (const markdown of GFM) expect(lexed(cut, markdown), markdown).toEqual(lexed(original, markdown));
  });

  it('gives the tokens marked gives for random Markdown-like text', () => {
    const pieces = ['*', '_', '~', '`', '[', ']', '(', ')', '<', '>', '!', '#', '|', '-', '+', '1.', '\\', ' ', '  ', '\t', '\n', '\n\n', 'a', 'word', 'http://x.y', 'www.a.b', 'me@x.y', '&amp;', '```', '> ', '- [ ] ', '|--|', '<b>', '</b>', '<!--', '-->'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const markdown = parts.join('');
        expect(lexed(cut, markdown)).toEqual(lexed(original, markdown));
      }),
      { numRuns: 2000 },
    );
  });

  it('exports the Lexer alone, without the statics that expose every rule set', () => {
    expect(Object.keys(cutModule)).toEqual(['Lexer']);
    expect(['rules' in original, 'lexInline' in original]).toEqual([true, true]);
    expect(['rules' in cut, 'lexInline' in cut]).toEqual([false, false]);
  });
});
