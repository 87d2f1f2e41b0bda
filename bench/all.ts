// `npm run bench`: every benchmark in turn (after the build), then the README's figures from their
// results. A benchmark that fails its budget still leaves its results, so the others run and the
// README shows the miss; the exit status names every failure.
import { spawnSync } from 'node:child_process';

const BENCHMARKS = ['size', 'startup', 'streaming', 'transcript', 'export', 'gateway', 'memory'];

const failed = BENCHMARKS.filter((name) => spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' }).status !== 0);
const report = spawnSync(process.execPath, ['--import', 'tsx', 'bench/report.ts'], { stdio: 'inherit' });
if (failed.length) console.error(`\nFAIL: ${failed.map((name) => `bench/${name}.ts`).join(', ')} (figures written; see above).`);
if (failed.length || report.status !== 0) process.exit(1);
