import { describe, expect, it } from 'vitest';
import { spokenText } from './spoken';

describe('spokenText', () => {
  it('reads emphasis, code, links and images as their words', () => {
    expect(spokenText('The widget is **free and _open_ source**: `npm i` it, see [the docs](https://x.example) ![a diagram](https://x.example/d.png).'))
      .toBe('The widget is free and open source: npm i it, see the docs a diagram.');
  });

  it('reads blocks on lines of their own: headings, nested lists, quotes, tables and code', () => {
    const markdown = '# Plans\n\n- **Starter**: one agent\n  1. nested\n- [x] done\n\n> quoted ~~old~~\n\n| Plan | Price |\n|---|---|\n| Team | 10 &euro; |\n\n```js\nrun()\n```\n\n---';
    expect(spokenText(markdown)).toBe('Plans\nStarter: one agent\nnested\ndone\nquoted old\nPlan, Price\nTeam, 10 €\nrun()');
  });

  it('reads raw HTML as written, the way it is shown', () => {
    expect(spokenText('<b>bold?</b> no')).toBe('<b>bold?</b> no');
  });
});
