import { describe, expect, it } from 'vitest';
import { safeHref, safeImageSrc } from './safe-url';

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

describe('safeImageSrc', () => {
  it.each(['https://example.com/a.png', 'http://example.com/a.png'])('keeps %s', (input) => expect(safeImageSrc(input)).toBe(input));
  it.each(['data:image/svg+xml,<svg/>', 'javascript:x', 'mailto:a@b.c', '/a.png'])('refuses %s', (input) => expect(safeImageSrc(input)).toBeNull());
});
