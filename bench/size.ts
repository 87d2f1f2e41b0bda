// Bundle size: gzip -9 and brotli of the script-tag bundle and the npm entry.
// Fails when the script-tag bundle is over the budget in DESIGN.md (20 KB gzip).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 20_000;
const GOAL_GZIP_BYTES = 16_000;

// The npm entry re-exports a chunk it shares with `agent-chat/element`: measure them together.
const npmFiles = readdirSync('dist').filter((f) => f.startsWith('agent-chat') && f.endsWith('.mjs')).map((f) => `dist/${f}`);
const files = [
  { name: 'script tag (dist/agent-chat.js, everything inlined)', paths: ['dist/agent-chat.js'] },
  { name: 'npm entry (dist/agent-chat*.mjs, without dependencies)', paths: npmFiles },
  // The peer, measured the same way: deep-chat's browser bundle (a dev dependency).
  { name: 'deep-chat browser bundle (deepChat.bundle.js)', paths: ['node_modules/deep-chat/dist/deepChat.bundle.js'] },
];

const rows = files.map(({ name, paths }) => {
  const bytes = Buffer.concat(paths.map((path) => readFileSync(path)));
  const path = paths.join(' + ');
  return {
    name,
    path,
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
console.log('\nBundle size');
console.table(Object.fromEntries(rows.map((r) => [r.name, { minified: kb(r.minified), gzip: kb(r.gzip), brotli: kb(r.brotli) }])));

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/size.json', `${JSON.stringify({ budgetGzip: BUDGET_GZIP_BYTES, goalGzip: GOAL_GZIP_BYTES, rows }, null, 2)}\n`);

const scriptTag = rows[0]!;
const peer = rows[2]!;
console.log(`deep-chat's bundle is ${(peer.gzip / scriptTag.gzip).toFixed(1)}× the script tag (gzip).`);
if (scriptTag.gzip > BUDGET_GZIP_BYTES) {
  console.error(`FAIL: the script-tag bundle is ${scriptTag.gzip.toLocaleString('en')} bytes gzip, over the ${BUDGET_GZIP_BYTES.toLocaleString('en')}-byte budget.`);
  process.exit(1);
}
const bytes = (n: number) => `${n.toLocaleString('en')} bytes`;
console.log(`OK: script tag ${bytes(scriptTag.gzip)} gzip (budget ${bytes(BUDGET_GZIP_BYTES)}, goal ${bytes(GOAL_GZIP_BYTES)}).`);
