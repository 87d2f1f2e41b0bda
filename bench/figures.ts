// The README's benchmark figures, written from bench/results/*.json: each results file owns one
// block of the README between `<!-- bench:<name> … -->` and `<!-- /bench:<name> -->`. Pure: the
// caller reads and writes the files (bench/report.ts rewrites the README, figures.test.ts checks it).

/** One results file as read from disk: its name (size, streaming, …), its path and its parsed JSON. */
export interface Results {
  name: string;
  file: string;
  json: unknown;
}

/** Reads typed fields out of a results file, naming the file and the field when one is missing or of the wrong type. */
class Fields {
  constructor(
    private readonly file: string,
    private readonly value: unknown,
    private readonly path = '',
  ) {}

  at(...keys: (string | number)[]): Fields {
    let value = this.value;
    let path = this.path;
    for (const key of keys) {
      path = path ? `${path}.${key}` : String(key);
      if (typeof value !== 'object' || value === null || !(key in value)) throw new Error(`${this.file}: ${path} is missing`);
      value = (value as Record<string | number, unknown>)[key];
    }
    return new Fields(this.file, value, path);
  }

  number(...keys: (string | number)[]): number {
    const field = this.at(...keys);
    if (typeof field.value !== 'number' || !Number.isFinite(field.value)) throw new Error(`${this.file}: ${field.path} is not a number`);
    return field.value;
  }

  string(...keys: (string | number)[]): string {
    const field = this.at(...keys);
    if (typeof field.value !== 'string') throw new Error(`${this.file}: ${field.path} is not a string`);
    return field.value;
  }

  list(...keys: (string | number)[]): Fields[] {
    const field = this.at(...keys);
    if (!Array.isArray(field.value)) throw new Error(`${this.file}: ${field.path} is not a list`);
    return field.value.map((_, i) => field.at(i));
  }

  has(key: string): boolean {
    return typeof this.value === 'object' && this.value !== null && key in this.value;
  }
}

const count = (n: number) => Math.round(n).toLocaleString('en');
const fixed = (n: number, digits: number) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (n: number) => `${fixed(n / 1000, 1)} KB`;
const ms = (n: number) => `${count(n)} ms`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** Where and when: the machine line every timed block starts with. */
function machine(results: Fields): string {
  const m = results.at('machine');
  const browser = m.has('browser') ? `, ${m.string('browser')}` : '';
  const load = m.number('loadAverage');
  const quiet = load < 0.5;
  return `Taken on ${m.string('date')}: ${m.string('cpu')}, ${m.number('cores')} cores, Node ${m.string('node')}${browser}; load average ${fixed(load, 1)} as it started${quiet ? ' (a quiet machine)' : ': a shared machine, other work ran on the same cores, so timings are noisy'}.`;
}

function size(results: Fields): string {
  const rows = results.list('rows');
  const row = (key: string) => {
    const found = rows.find((r) => r.string('key') === key);
    if (!found) throw new Error(`size results have no row "${key}"`);
    return found;
  };
  const pageLoad = row('pageLoad').number('gzip');
  const chatting = row('chatting').number('gzip');
  const withLocale = row('chattingLocale').number('gzip');
  const peer = row('deepChat').number('gzip');
  const pageLoadBudget = results.number('budgets', 'pageLoadGzip');
  const chattingBudget = results.number('budgets', 'chattingGzip');
  return [
    table(
      ['what is downloaded', 'files', 'minified', 'gzip', 'brotli'],
      rows.map((r) => {
        const gzip = `${count(r.number('gzip'))} bytes`;
        const bold = ['pageLoad', 'chatting', 'deepChat'].includes(r.string('key'));
        return [r.string('name'), r.list('files').map((f) => `\`${f.string()}\``).join(' + '), kb(r.number('minified')), bold ? `**${gzip}**` : gzip, kb(r.number('brotli'))];
      }),
    ),
    '',
    `Budgets (DESIGN.md; \`bench/size.ts\` fails above either): at page load ${count(pageLoad)} of ${count(pageLoadBudget)} bytes gzip, ${met(pageLoad <= pageLoadBudget)}; everything a chatting visitor downloads ${count(chatting)} of ${count(chattingBudget)} bytes gzip, ${met(chatting <= chattingBudget)} (in the heaviest language ${count(withLocale)}, for information). deep-chat's whole bundle is ${fixed(peer / chatting, 1)}× everything a chatting visitor downloads from us, and ${fixed(peer / pageLoad, 1)}× our page load.`,
  ].join('\n');
}

const READERS = [
  ['agentChat', 'agent-chat'],
  ['bare', 'bare `fetch` reader'],
  ['deepChat', 'deep-chat'],
] as const;

function streaming(results: Fields): string {
  const sizes = results.list('sizes');
  const largest = sizes.at(-1)!;
  const runs = (reader: string) => sizes.map((s) => results.number('runs', String(s.number('tokens')), reader));
  const runCounts = READERS.map(([key, label]) => `${label} ${[...new Set(runs(key))].join('/')}`).join(', ');
  // Per token of the longest reply: the final message's share is smallest there.
  const received = (side: 'agentChat' | 'deepChat') => {
    const tokens = largest.number('tokens');
    return [count(largest.number('received', side, 'bytes') / tokens), fixed(largest.number('received', side, 'events') / tokens, 4)];
  };
  const checks = results.at('checks');
  const budgets = results.at('budgets');
  const lastToken = (reader: string) => largest.number('medians', reader, 'msToLastToken');
  return [
    machine(results),
    `Medians of ${runCounts} runs (at ${sizes.map((s) => count(s.number('tokens'))).join(', ')} tokens).`,
    '',
    table(
      ['reader', 'what it receives', 'bytes per token', 'events per token'],
      [
        ['agent-chat, and the bare reader on its page', 'PROTOCOL §2: a `CONVERSATION_STREAMING_TOKEN` event per token (the conversation envelope, the token as JSON inside it), then the final message', ...received('agentChat')],
        ['deep-chat', 'its own format: `data: {"text": …}` per token, the stream ends with the reply', ...received('deepChat')],
      ],
    ),
    '',
    table(
      ['reply', 'reader', 'last token in the DOM', 'main thread per token', 'long tasks > 50 ms (longest)', 'DOM mutations per token'],
      sizes.flatMap((s) =>
        READERS.map(([key, label]) => {
          const sample = s.at('medians', key);
          const longTasks = sample.number('longTasks');
          return [`${count(s.number('tokens'))} tokens`, label, ms(sample.number('msToLastToken')), `${fixed(sample.number('msPerToken'), 3)} ms`, longTasks ? `${fixed(longTasks, 0)} (${ms(sample.number('longestTaskMs'))})` : '0', fixed(sample.number('mutationsPerToken'), 2)];
        }),
      ),
    ),
    '',
    `agent-chat's time to the last token against the bare reader's (runs taken in turn, median of the pairs' ratios): ${sizes.map((s) => `${fixed(s.number('lastTokenVersusBare'), 2)}× at ${count(s.number('tokens'))} tokens`).join(', ')}.`,
    '',
    `Budgets (DESIGN.md; \`bench/streaming.ts\` fails on any not met), agent-chat at ${count(largest.number('tokens'))} tokens: the last token in the DOM in ${ms(lastToken('agentChat'))} against the bare reader's ${ms(lastToken('bare'))}, ${fixed(checks.number('lastTokenVersusBare'), 2)}× (≤ ${budgets.number('lastTokenVersusBare')}×: ${met(checks.number('lastTokenVersusBare') <= budgets.number('lastTokenVersusBare'))}); main-thread time per token ${fixed(checks.number('perTokenGrowth1000To5000'), 2)}× its time at 1,000 tokens (≤ ${budgets.number('perTokenGrowth1000To5000')}×, O(1) per token: ${met(checks.number('perTokenGrowth1000To5000') <= budgets.number('perTokenGrowth1000To5000'))}); long tasks over 50 ms ${fixed(checks.number('longTasksAt5000'), 0)} (${budgets.number('longTasksAt5000')}: ${met(checks.number('longTasksAt5000') <= budgets.number('longTasksAt5000'))}).`,
  ].join('\n');
}

function startup(results: Fields): string {
  const median = (key: string) => ms(results.number('medians', key));
  const usableRatio = results.number('medians', 'deepChatUsable') / results.number('medians', 'agentChatUsable');
  return [
    machine(results),
    `CPU throttled ${results.number('cpuThrottling')}×, median of ${results.number('runs')} loads.`,
    '',
    table(
      ['moment', 'agent-chat', 'deep-chat'],
      [
        ['from navigation: the chat usable (its message box on screen, takes focus and typing), open from the start', median('agentChatUsable'), median('deepChatUsable')],
        ['from navigation: the first message (from the event stream) on screen, open from the start', median('agentChatFirstMessage'), '—'],
        ['from navigation: the launcher on screen (the chat closed, as most page views see it)', median('agentChatLauncher'), '— (no launcher)'],
        ['from a click on the launcher to the chat usable (its code fetched as the pointer arrives)', median('agentChatOpening'), '—'],
      ],
    ),
    '',
    `To a usable chat on load, deep-chat takes ${fixed(usableRatio, 2)}× agent-chat's time.`,
  ].join('\n');
}

function transcript(results: Fields): string {
  return [
    machine(results),
    `${results.number('appends')} live appends after the reload.`,
    '',
    table(
      ['history', 'latest message on screen', 'main thread per append', 'DOM mutations per append', 'components rendered per append'],
      results.list('rows').map((r) => [`${count(r.number('history'))} messages`, ms(r.number('historyMs')), `${fixed(r.number('msPerAppend'), 1)} ms`, fixed(r.number('mutationsPerAppend'), 1), fixed(r.number('componentsPerAppend'), 0)]),
    ),
  ].join('\n');
}

function exportApi(results: Fields): string {
  return [
    machine(results),
    '',
    `${count(results.number('messages'))} messages over ${count(results.number('conversations'))} conversations, exported in ${count(results.number('pages'))} pages of 1,000 through the Export API: ${count(results.number('recordsPerSecond'))} records/s; page 1 in ${fixed(results.number('page1Ms'), 1)} ms, page 100 in ${fixed(results.number('page100Ms'), 1)} ms (each the median of its five neighbours).`,
  ].join('\n');
}

function gateway(results: Fields): string {
  return [
    machine(results),
    '',
    table(
      ['measure', 'result'],
      [
        ['open SSE connections held by one process', `**${count(results.number('connections'))}** (opened in ${fixed(results.number('openSeconds'), 1)} s)`],
        ['memory', `${count(results.number('rssWithStreamsMb'))} MB RSS with them open (${count(results.number('rssIdleMb'))} MB idle): ${fixed(results.number('kbPerConnection'), 1)} KB per connection`],
        [`fan-out of one message to ${count(results.number('fanoutSubscribers'))} subscribers of a conversation`, `p50 ${fixed(results.number('fanoutP50Ms'), 1)} ms, p99 ${fixed(results.number('fanoutP99Ms'), 1)} ms (${count(results.number('fanoutDeliveries'))} deliveries)`],
        ['Chat API (`metadata` events, 50 keep-alive connections, autocannon)', `${count(results.number('chatApiRequestsPerSecond'))} requests/s, p99 ${ms(results.number('chatApiP99Ms'))}, ${count(results.number('chatApiErrors'))} errors`],
      ],
    ),
  ].join('\n');
}

/** Figures not measured by the benchmark itself say where they come from instead of naming a machine. */
const provenance = (results: Fields) => (results.has('machine') ? machine(results) : results.string('carriedOver'));

function memory(results: Fields): string {
  const rss = results.number('rssMb');
  const bound = results.number('boundMb');
  return [
    provenance(results),
    '',
    table(
      ['measure', 'result'],
      [
        ['conversations', `${count(results.number('conversations'))}, ${count(results.number('replies'))} long streamed replies in all (${count(results.number('seconds'))} s)`],
        ['RSS after the run', `**${count(rss)} MB** (${count(results.number('idleMb'))} MB idle); bound ${count(bound)} MB: ${met(rss <= bound)}`],
        ['peak RSS during the run', `${count(results.number('peakRssMb'))} MB`],
      ],
    ),
  ].join('\n');
}

const RENDERERS: Record<string, (results: Fields) => string> = { size, streaming, startup, transcript, export: exportApi, gateway, memory };

/** The Markdown a results file puts in its README block. */
export function renderFigures({ name, file, json }: Results): string {
  const render = RENDERERS[name];
  if (!render) throw new Error(`${file}: no README figures are written for "${name}" (known: ${Object.keys(RENDERERS).join(', ')})`);
  return render(new Fields(file, json));
}

const BLOCK = /(<!-- bench:([\w-]+)[^\n]*-->\n)([\s\S]*?)(<!-- \/bench:\2 -->)/g;

/** The README with every block rewritten from its results; each results file needs its block and each block its results. */
export function writeFigures(readme: string, all: Results[]): string {
  const byName = new Map(all.map((results) => [results.name, results]));
  const seen = new Set<string>();
  const written = readme.replace(BLOCK, (_, start: string, name: string, _old: string, end: string) => {
    const results = byName.get(name);
    if (!results) throw new Error(`the README has a block for "${name}" but bench/results/${name}.json does not exist: run its benchmark`);
    seen.add(name);
    return `${start}${renderFigures(results)}\n${end}`;
  });
  const missing = all.filter((results) => !seen.has(results.name));
  if (missing.length) throw new Error(`the README has no block for ${missing.map((r) => r.file).join(', ')}: add <!-- bench:<name> --> … <!-- /bench:<name> --> where its figures belong`);
  return written;
}

/** The names of the blocks whose text differs between two versions of the README. */
export function changedBlocks(before: string, after: string): string[] {
  const blocks = (text: string) => new Map([...text.matchAll(BLOCK)].map((match) => [match[2]!, match[3]!]));
  const old = blocks(before);
  return [...blocks(after)].filter(([name, text]) => old.get(name) !== text).map(([name]) => name);
}
