// Bundle size: gzip -9 and brotli of the script tag's files and the npm entry, beside deep-chat's.
//
// The script tag is a small classic script that imports the widget (launcher, API) as an ES module
// from beside itself; the conversation's code and the panel's are two more files, fetched when the
// visitor points at, focuses or opens the launcher (the conversation's at once when one is under
// way). A page that is only viewed downloads the first two: that is the figure held to DESIGN.md's
// 20 KB budget (the exit status), and the sum of all of them is printed beside it.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 20_000;
const GOAL_GZIP_BYTES = 16_000;

// Each file travels compressed on its own: sizes of a group are the sums of its files' sizes.
const gzip = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const PAGE_LOAD = ['dist/agent-chat.js', 'dist/agent-chat-core.js'];
// Every other chunk of the script tag's build: the conversation's and the panel's.
const ON_INTENT = readdirSync('dist').filter((f) => /^agent-chat-.*\.js$/.test(f)).map((f) => `dist/${f}`).filter((f) => !PAGE_LOAD.includes(f));
// The npm entry re-exports chunks it shares with `agent-chat/element`: measure them together.
const npmFiles = readdirSync('dist').filter((f) => f.startsWith('agent-chat') && f.endsWith('.mjs')).map((f) => `dist/${f}`);
// A visitor downloads at most one locale file beside the script: count the largest.
const largestLocale = readdirSync('dist/locales').map((f) => `dist/locales/${f}`).sort((a, b) => gzip(readFileSync(b)) - gzip(readFileSync(a)))[0]!;
const groups = [
  { name: 'script tag, at page load (agent-chat.js + agent-chat-core.js)', paths: PAGE_LOAD },
  { name: `on the first intent to chat (${ON_INTENT.map((f) => f.slice(5)).join(' + ')})`, paths: ON_INTENT },
  { name: 'script tag, everything (all of its files)', paths: [...PAGE_LOAD, ...ON_INTENT] },
  { name: 'largest locale file the script tag fetches', paths: [largestLocale] },
  { name: 'npm entry (dist/agent-chat*.mjs, without dependencies)', paths: npmFiles },
  // The peer, measured the same way: deep-chat's browser bundle (a dev dependency).
  { name: 'deep-chat browser bundle (deepChat.bundle.js)', paths: ['node_modules/deep-chat/dist/deepChat.bundle.js'] },
];

type Row = { name: string; paths: string[]; minified: number; gzip: number; brotli: number };

const rows: Row[] = groups.map(({ name, paths }) => {
  const files = paths.map((path) => readFileSync(path));
  const sum = (measure: (bytes: Buffer) => number) => files.reduce((total, bytes) => total + measure(bytes), 0);
  return { name, paths, minified: sum((bytes) => bytes.length), gzip: sum(gzip), brotli: sum(brotli) };
});

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
console.log('\nBundle size');
console.table(Object.fromEntries(rows.map((r) => [r.name, { minified: kb(r.minified), gzip: kb(r.gzip), brotli: kb(r.brotli) }])));

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/size.json', `${JSON.stringify({ budgetGzip: BUDGET_GZIP_BYTES, goalGzip: GOAL_GZIP_BYTES, rows }, null, 2)}\n`);

const [pageLoad, , everything, locale, , peer] = rows as [Row, Row, Row, Row, Row, Row];
const bytes = (n: number) => `${n.toLocaleString('en')} bytes`;
const against = (n: number) => (n <= BUDGET_GZIP_BYTES ? `within the ${bytes(BUDGET_GZIP_BYTES)} budget` : `OVER the ${bytes(BUDGET_GZIP_BYTES)} budget by ${bytes(n - BUDGET_GZIP_BYTES)}`);
console.log(`deep-chat's bundle is ${(peer.gzip / pageLoad.gzip).toFixed(1)}× the script tag at page load, ${(peer.gzip / everything.gzip).toFixed(1)}× everything (gzip).`);
console.log(`At page load: ${bytes(pageLoad.gzip)} gzip, ${against(pageLoad.gzip)} (goal ${bytes(GOAL_GZIP_BYTES)}${pageLoad.gzip <= GOAL_GZIP_BYTES ? ', met' : ', not met'}).`);
console.log(`Everything, once a conversation is open: ${bytes(everything.gzip)} gzip, ${against(everything.gzip)}; with the largest locale file, ${bytes(everything.gzip + locale.gzip)}.`);
if (pageLoad.gzip > BUDGET_GZIP_BYTES) {
  console.error(`FAIL: the script tag downloads ${bytes(pageLoad.gzip)} gzip at page load, over the ${bytes(BUDGET_GZIP_BYTES)} budget.`);
  process.exit(1);
}
