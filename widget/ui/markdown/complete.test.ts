import { describe, expect, it } from 'vitest';
import { completeBlock } from './complete';

describe('completeBlock', () => {
  it.each([
    ['Some **bold', 'Some **bold**'],
    ['Some **bold *and it', 'Some **bold *and it***'],
    ['an *emphasis', 'an *emphasis*'],
    ['an _emphasis', 'an _emphasis_'],
    ['~~gone', '~~gone~~'],
    ['run `npm i', 'run `npm i`'],
    ['a ``co`de', 'a ``co`de``'],
    ['see [the docs', 'see [the docs]()'],
    ['see [the docs]', 'see [the docs]()'],
    ['see [the docs](https://exa', 'see [the docs](https://exa)'],
    ['see [docs](https://x.io "the t', 'see [docs](https://x.io "the t")'],
    ['**[bold link](https://x', '**[bold link](https://x)**'],
    ['![a cat', '![a cat]()'],
    ['go to <https://example.com/pa', 'go to <https://example.com/pa>'],
  ])('closes what is open: %j', (source, expected) => expect(completeBlock(source)).toBe(expected));

  it.each([
    ['Hello **', 'Hello'],
    ['Hello *', 'Hello'],
    ['Hello `', 'Hello'],
    ['Hello [', 'Hello'],
    ['Hello **bold** and *', 'Hello **bold** and'],
    ['Hello **bold** and **', 'Hello **bold** and'],
    ['ends with a break\\', 'ends with a break'],
    ['Options:\n-', 'Options:'],
    ['Options:\n- ', 'Options:'],
    ['- one\n- ', '- one'],
    ['1. one\n2.', '1. one'],
    ['- [x] done\n- [ ]', '- [x] done'],
    ['- [x] done\n- [x', '- [x] done'],
    ['text\n``', 'text'],
    ['#', ''],
    ['**', ''],
  ])('drops an opener with nothing after it yet: %j', (source, expected) => expect(completeBlock(source)).toBe(expected));

  it.each([
    'snake_case_name and 2 * 3 = 6',
    '**done** and *done*',
    'a **b\n- c',
    '- [ ] todo\n- [x] done',
    '***',
    'Title\n===',
    '```js\nconst a = 1;\n```',
    '    indented *code',
    '\\*not emphasis',
    '`a*b`',
  ])('leaves finished text alone: %j', (source) => expect(completeBlock(source)).toBe(source));

  it('closes an open fence with the same fence, where the code lines go', () => {
    expect(completeBlock('```js\nconst a = **1')).toBe('```js\nconst a = **1\n```');
    expect(completeBlock('~~~~\ncode')).toBe('~~~~\ncode\n~~~~');
    expect(completeBlock('- step:\n  ```sh\n  npm i')).toBe('- step:\n  ```sh\n  npm i\n  ```');
    expect(completeBlock('> ```\n> quoted')).toBe('> ```\n> quoted\n> ```');
  });

  it('gives a table its delimiter row while the header or the delimiter is being written', () => {
    expect(completeBlock('| Plan | Price |')).toBe('| Plan | Price |\n| --- | --- |');
    expect(completeBlock('| Plan | Price |\n|:--')).toBe('| Plan | Price |\n| --- | --- |');
    expect(completeBlock('| Plan | Price |\n|---|---|\n| Team | **9')).toBe('| Plan | Price |\n|---|---|\n| Team | **9**');
    expect(completeBlock('| a | b |\n|---|---|\n| 1 | 2 |\n|')).toBe('| a | b |\n|---|---|\n| 1 | 2 |');
    expect(completeBlock('| a | `b')).toBe('| a | `b`\n| --- | --- |');
  });

  it('closes in the last list item only: an item before it is finished as written', () => {
    expect(completeBlock('- a **b\n- c *d')).toBe('- a **b\n- c *d*');
  });
});
