// Rewrites the README's benchmark figures from bench/results/*.json (the last step of
// `npm run bench`). figures.test.ts, in `npm test`, fails when the README and the results differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { changedBlocks, writeFigures } from './figures';
import { readAllResults } from './results-file';

const readme = readFileSync('README.md', 'utf8');
const written = writeFigures(readme, readAllResults());
const changed = changedBlocks(readme, written);
writeFileSync('README.md', written);
console.log(changed.length ? `README figures rewritten from bench/results: ${changed.join(', ')}` : 'README figures already match bench/results.');
