// No import cycles in the gateway or the widget: a cycle makes load order decide what a module
// sees, and it ties two files so that neither can be understood or moved alone. Type-only imports
// count too: they tie the files together just the same.
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function cyclesIn(glob: string): Promise<string[]> {
  const tree = await parseDependencyTree(glob, { context: ROOT, cwd: ROOT, transform: false, skipDynamicImports: false });
  return parseCircular(tree).map((cycle) => cycle.join(' -> '));
}

// Parsing every file takes seconds on a busy machine: a generous timeout, this is no speed test.
describe('import cycles', { timeout: 60_000 }, () => {
  it('the gateway (demo/server) has none', async () => {
    expect(await cyclesIn('demo/server/**/*.ts')).toEqual([]);
  });

  it('the widget has none', async () => {
    expect(await cyclesIn('widget/**/*.{ts,tsx}')).toEqual([]);
  });
});
