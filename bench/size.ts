// Bundle size: gzip -9 and brotli of what a visitor downloads from us, beside deep-chat's bundle.
//
// The script tag is a small classic script that imports the widget (launcher, API) as an ES module
// from beside itself: those two files are what every page view downloads. A visitor who chats also
// gets every other chunk of the build (the conversation's code, the panel's, and whatever they
// import) and, unless English, one locale file. deep-chat ships one file with everything in it, so
// it is compared with everything a chatting visitor downloads from us, not with the page load only.
// Fails when the page load or everything goes over its budget (DESIGN.md).
import { readFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { writeResults } from './results-file';

const PAGE_LOAD_BUDGET_GZIP = 16_000;
const CHATTING_BUDGET_GZIP = 45_000;

// Each file travels compressed on its own: sizes of a group are the sums of its files' sizes.
const gzip = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const PAGE_LOAD = ['dist/agent-chat.js', 'dist/agent-chat-core.js'];
// Every other file of the script tag's build, whatever the chunks are called.
const CHUNKS = readdirSync('dist').filter((f) => /^agent-chat-.*\.js$/.test(f)).map((f) => `dist/${f}`).filter((f) => !PAGE_LOAD.includes(f));
// A visitor downloads at most one locale file beside the script: count the largest.
const largestLocale = readdirSync('dist/locales').map((f) => `dist/locales/${f}`).sort((a, b) => gzip(readFileSync(b)) - gzip(readFileSync(a)))[0]!;
// The npm entry re-exports chunks it shares with `agent-chat/element`: measure them together.
const npmFiles = readdirSync('dist').filter((f) => f.startsWith('agent-chat') && f.endsWith('.mjs')).map((f) => `dist/${f}`);
const DEEP_CHAT = 'node_modules/deep-chat/dist/deepChat.bundle.js';

const groups = [
  { key: 'pageLoad', name: 'at page load: the script tag and the widget module', paths: PAGE_LOAD },
  { key: 'onIntent', name: 'on the first intent to chat: every other chunk', paths: CHUNKS },
  { key: 'locale', name: 'the largest locale file (none for English)', paths: [largestLocale] },
  // The budget's measure, as issue and DESIGN.md take it: an English visitor's download, like
  // deep-chat's bundle, which carries no translation; the heaviest language is shown beside it.
  { key: 'chatting', name: 'everything a chatting visitor downloads (page load and every other chunk)', paths: [...PAGE_LOAD, ...CHUNKS] },
  { key: 'chattingLocale', name: 'the same, in the heaviest language (with its locale file)', paths: [...PAGE_LOAD, ...CHUNKS, largestLocale] },
  { key: 'npm', name: 'npm entry without its dependencies', paths: npmFiles },
  { key: 'deepChat', name: `deep-chat ${JSON.parse(readFileSync('node_modules/deep-chat/package.json', 'utf8')).version}: its whole browser bundle`, paths: [DEEP_CHAT] },
];

const rows = groups.map(({ key, name, paths }) => {
  const files = paths.map((path) => readFileSync(path));
  const sum = (measure: (bytes: Buffer) => number) => files.reduce((total, bytes) => total + measure(bytes), 0);
  // Content hashes change with every build: results name the chunks by their stable part.
  return { key, name, files: paths.map((path) => path.replace(/^dist\/|^node_modules\/deep-chat\/dist\//, '').replace(/-[\w-]{8}\.js$/, '-<hash>.js')), minified: sum((bytes) => bytes.length), gzip: sum(gzip), brotli: sum(brotli) };
});
const row = (key: string) => rows.find((r) => r.key === key)!;

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
console.log('\nBundle size (each file compressed on its own; a group is the sum of its files)');
console.table(Object.fromEntries(rows.map((r) => [r.name, { files: r.files.join(' + '), minified: kb(r.minified), gzip: r.gzip, brotli: r.brotli }])));

const budgets = { pageLoadGzip: PAGE_LOAD_BUDGET_GZIP, chattingGzip: CHATTING_BUDGET_GZIP };
// Sizes depend on the build alone, not on the machine: no machine is recorded, so a rerun on an
// unchanged build leaves the results file as it was.
writeResults('size', { budgets, rows });

const bytes = (n: number) => `${n.toLocaleString('en')} bytes`;
const pageLoad = row('pageLoad').gzip;
const chatting = row('chatting').gzip;
const peer = row('deepChat').gzip;
console.log(`deep-chat's bundle is ${(peer / chatting).toFixed(1)}× everything a chatting visitor downloads from us, ${(peer / pageLoad).toFixed(1)}× our page load (gzip).`);
const failures: string[] = [];
for (const [what, measured, budget] of [['page load', pageLoad, PAGE_LOAD_BUDGET_GZIP], ['everything a chatting visitor downloads', chatting, CHATTING_BUDGET_GZIP]] as const) {
  const within = measured <= budget;
  console.log(`${what}: ${bytes(measured)} gzip, ${within ? 'within' : 'OVER'} the ${bytes(budget)} budget`);
  if (!within) failures.push(`${what} is ${bytes(measured)} gzip, over the ${bytes(budget)} budget by ${bytes(measured - budget)}`);
}
if (failures.length) {
  for (const failure of failures) console.error(`FAIL: ${failure}.`);
  process.exit(1);
}
