// A reply as an AI agent writes it, with every construct the widget renders, for streaming tests.
export const MARKDOWN_REPLY = [
  '## Plans compared',
  '',
  'Here is **what you get** with each plan, and *why* it ~~costs~~ matters. See [the pricing page](https://example.com/pricing) or https://example.com/docs.',
  '',
  '| Plan | Agents | Price |',
  '|:-----|:------:|------:|',
  '| Starter | 1 | **free** |',
  '| Team | `unlimited` | 49 |',
  '',
  '1. Install the script:',
  '   - paste the tag',
  '   - set `data-agent-id`',
  '2. Open the panel',
  '',
  '- [x] streaming',
  '- [ ] voice',
  '',
  '> Quoted advice, with *emphasis* inside.',
  '',
  '```ts',
  "AgentChat('on', 'response', showAnswer);",
  '```',
  '',
  'That is all: __strong__ and _emphasis_ both work, and snake_case_names stay as written.',
].join('\n');

/** Text that shows a Markdown marker as written: none of it may appear in a rendered reply. */
export const RAW_MARKERS = ['**', '__', '~~', '`', '](', '|', '[x]', '[ ]', '## ', '> '];
