import { describe, expect, it } from 'vitest';
import { parseBlock, parseInline, safeHref, splitBlocks } from './markdown';

const parseMarkdown = (text: string) => splitBlocks(text).map(parseBlock);

describe('safeHref', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['http://example.com', 'http://example.com/'],
    ['mailto:help@example.com', 'mailto:help@example.com'],
    ['tel:+15551234', 'tel:+15551234'],
  ])('keeps %s', (input, expected) => expect(safeHref(input)).toBe(expected));

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', '/relative', '//evil.com', 'jav&#x09;ascript:x', 'file:///etc/passwd'])(
    'refuses %s',
    (input) => expect(safeHref(input)).toBeNull(),
  );
});

describe('parseInline', () => {
  it('parses emphasis, strong, code and links', () => {
    expect(parseInline('a **b** *c* `d` [e](https://x.io)')).toEqual([
      'a ', { type: 'strong', children: ['b'] }, ' ', { type: 'em', children: ['c'] }, ' ',
      { type: 'code', text: 'd' }, ' ', { type: 'link', href: 'https://x.io/', children: ['e'] },
    ]);
  });

  it('renders unsafe or relative links as their text only', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual(['click']);
    expect(parseInline('[home](/index.html) and [x](data:text/html,hi)')).toEqual(['home and x']);
  });

  it('autolinks bare URLs without trailing punctuation', () => {
    expect(parseInline('see https://example.com/docs.')).toEqual([
      'see ', { type: 'link', href: 'https://example.com/docs', children: ['https://example.com/docs'] }, '.',
    ]);
  });

  it('leaves unmatched markers and snake_case alone, and honours escapes', () => {
    expect(parseInline('2 * 3 = 6, snake_case_name, \\*lit\\*, **open')).toEqual(['2 * 3 = 6, snake_case_name, *lit*, **open']);
  });

  it('keeps HTML as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual(['<img src=x onerror=alert(1)>']);
  });

  it('turns single newlines into line breaks', () => {
    expect(parseInline('a\nb')).toEqual(['a', { type: 'br' }, 'b']);
  });
});

describe('blocks', () => {
  const doc = '# Title\n\nFirst para\nsecond line.\n\n- one\n- **two**\n\n1. x\n2. y\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nText\n- then a list';

  it('splits into blocks, keeping fenced code (with blank lines) whole', () => {
    expect(splitBlocks(doc)).toEqual([
      '# Title', 'First para\nsecond line.', '- one\n- **two**', '1. x\n2. y', '```js\nconst a = 1;\n\nconst b = 2;\n```', 'Text', '- then a list',
    ]);
  });

  it('parses every block type', () => {
    expect(parseMarkdown(doc).map((b) => b.type)).toEqual(['h', 'p', 'ul', 'ol', 'code', 'p', 'ul']);
    expect(parseMarkdown(doc)[4]).toEqual({ type: 'code', text: 'const a = 1;\n\nconst b = 2;' });
    expect(parseMarkdown(doc)[2]).toEqual({ type: 'ul', items: [['one'], [{ type: 'strong', children: ['two'] }]] });
    expect(parseMarkdown(doc)[0]).toEqual({ type: 'h', children: ['Title'] });
  });

  it('keeps finished blocks byte-identical while text streams in', () => {
    const full = 'Para one.\n\n- a\n- b\n\nLast paragraph grows';
    const before = splitBlocks(full.slice(0, full.length - 5));
    const after = splitBlocks(full);
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
  });

  it('renders an unterminated code fence while streaming', () => {
    expect(parseMarkdown('```\ncode so far')).toEqual([{ type: 'code', text: 'code so far' }]);
  });
});
