// @vitest-environment happy-dom
// GitHub's extensions and the widget's own rules, on the DOM a bubble gets.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { markdownUi, renderMarkdown } from '../../testing/render-markdown';

const html = (markdown: string) => renderMarkdown(markdown).querySelector('.md')!;
const texts = (root: Element, selector: string) => [...root.querySelectorAll(selector)].map((el) => el.textContent);

describe('GitHub tables', () => {
  const table = html('| Plan | Price | Notes |\n|:-----|------:|:-----:|\n| **Team** | 49 | `a\\|b` |\n| Starter | 0 |');

  it('are tables, with a header row and body rows', () => {
    expect(texts(table, 'thead th')).toEqual(['Plan', 'Price', 'Notes']);
    expect([...table.querySelectorAll('tbody tr')].map((row) => texts(row, 'td'))).toEqual([['Team', '49', 'a|b'], ['Starter', '0', '']]);
    expect(table.querySelector('tbody td strong')!.textContent).toBe('Team');
  });

  it('keep column alignment (as classes: the CSP allows no style attributes)', () => {
    expect([...table.querySelectorAll('thead th')].map((th) => th.className)).toEqual(['align-left', 'align-right', 'align-center']);
  });

  it('sit in a focusable region named after their columns, which scrolls sideways', () => {
    const region = table.querySelector('.table')!;
    expect(region.getAttribute('role')).toBe('region');
    expect(region.getAttribute('aria-label')).toBe('Table: Plan, Price, Notes');
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(region.querySelector('table')).not.toBeNull();
  });
});

describe('other GitHub extensions', () => {
  it('strikethrough', () => {
    expect(texts(html('~~old~~ new and ~also~'), 'del')).toEqual(['old', 'also']);
  });

  it('task lists: read-only checkboxes, each labelled by its item', () => {
    const list = html('- [x] streaming\n- [ ] voice\n- plain');
    const boxes = [...list.querySelectorAll('input')];
    expect(boxes.map((box) => [box.type, box.checked, box.disabled, box.closest('label')!.textContent!.trim()])).toEqual([
      ['checkbox', true, true, 'streaming'],
      ['checkbox', false, true, 'voice'],
    ]);
    expect(texts(list, 'li')).toEqual(['streaming', 'voice', 'plain']);
  });

  it('autolinks: URLs, www. and e-mail addresses, without trailing punctuation', () => {
    const links = [...html('See https://example.com/docs. Or www.example.org, or mail help@example.com!').querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://example.com/docs', 'https://example.com/docs'],
      ['http://www.example.org/', 'www.example.org'],
      ['mailto:help@example.com', 'help@example.com'],
    ]);
    for (const a of links) expect([a.target, a.rel]).toEqual(['_blank', 'noopener noreferrer']);
  });
});

describe('CommonMark blocks in a bubble', () => {
  it('block quotes, nested lists and setext headings', () => {
    const md = html('> quoted *text*\n\n- one\n  - nested\n    1. deep\n- two\n\nTitle\n-----');
    expect(md.querySelector('blockquote p em')!.textContent).toBe('text');
    expect(md.querySelector('ul > li > ul > li > ol > li')!.textContent).toBe('deep');
    expect(md.querySelector('h3')!.textContent).toBe('Title');
  });

  it('headings stay headings, below the panel title (an h2) and in order: the reply\'s highest is an h3', () => {
    expect([...html('# a\n## b\n### c\n#### d\n##### e\n###### f').children].map((el) => el.tagName)).toEqual(['H3', 'H4', 'H5', 'H6', 'H6', 'H6']);
    expect([...html('### a\n\ntext\n\n#### b\n\n### c').children].map((el) => el.tagName)).toEqual(['H3', 'P', 'H4', 'H3']);
  });

  it('keeps intraword underscores and an ordered list start', () => {
    const md = html('snake__case__name\n\n3. three\n4. four');
    expect(md.querySelector('p')!.textContent).toBe('snake__case__name');
    expect(md.querySelector('ol')!.getAttribute('start')).toBe('3');
  });
});

describe('trust rules', () => {
  it('shows raw HTML as text, inline and as a block', () => {
    const md = html('<img src=x onerror="window.hit=1"> and <b>bold</b>\n\n<div onclick="x()">\nblock\n</div>');
    expect(md.querySelector('img, b, div div')).toBeNull();
    expect(md.textContent).toContain('<img src=x onerror="window.hit=1"> and <b>bold</b>');
    expect(md.textContent).toContain('<div onclick="x()">');
  });

  it('renders links to unsafe or relative targets as their text', () => {
    const md = html('[a](javascript:alert(1)) [b](data:text/html,x) [c](/relative) [d](https://ok.example)');
    expect([...md.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://ok.example/']);
    expect(md.textContent).toBe('a b c d');
  });

  it('loads images only over http(s), with their alt text; any other image is a link or its alt text', () => {
    const md = html('![a *cat*](https://example.com/cat.png "Cat") ![b](data:image/png;base64,AA) ![c](mailto:x@example.com) ![d](/local.png)');
    const img = md.querySelector('img')!;
    expect([img.getAttribute('src'), img.getAttribute('alt'), img.getAttribute('title')]).toEqual(['https://example.com/cat.png', 'a cat', 'Cat']);
    expect(md.querySelectorAll('img')).toHaveLength(1);
    expect([...md.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([['mailto:x@example.com', 'c']]);
    expect(md.textContent).toBe(' b c d');
  });

  it('decodes character references in text, not in code', () => {
    const md = html('&copy; &#169; &#x1F600; &bogus; `&amp;`');
    expect(md.textContent).toBe('© © 😀 &bogus; &amp;');
  });
});

describe('code blocks', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('show the language and a Copy code button above the code', () => {
    const md = html('```ts title="x"\nconst a = 1;\n```');
    expect(md.querySelector('.code-bar span')!.textContent).toBe('ts');
    expect(md.querySelector('button')!.getAttribute('aria-label')).toBe('Copy code');
    expect(md.querySelector('pre code')!.className).toBe('language-ts');
    expect(md.querySelector('pre')!.getAttribute('tabindex')).toBe('0');
  });

  it('Copy writes the code to the clipboard and announces "Copied" once', async () => {
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (text: string) => void written.push(text) } });
    const announced: string[] = [];
    const root = renderMarkdown('```\nline 1\nline 2\n```', { ui: markdownUi(announced) });
    root.querySelector('button')!.click();
    await vi.waitFor(() => expect(announced).toEqual(['Copied']));
    expect(written).toEqual(['line 1\nline 2']);
  });

  it('when the clipboard refuses, selects the code and says so', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    const announced: string[] = [];
    const root = renderMarkdown('```\nsecret\n```', { ui: markdownUi(announced) });
    document.body.append(root);
    root.querySelector('button')!.click();
    await vi.waitFor(() => expect(announced).toEqual(["Couldn't copy: the code is selected, copy it from there"]));
    expect(getSelection()!.toString()).toBe('secret\n');
    root.remove();
  });
});
