// Every entry in package.json "exports" imports in a plain Node process, with no DOM: server
// rendering (Next.js, Nuxt, Astro) evaluates what a page imports. It reads the build in dist/, so it
// runs after it: `npm run build && npx vitest run --mode package` (npm test does both).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const manifest: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const exportsField = (manifest as { exports: Record<string, unknown> }).exports;

/** What each entry exports, by specifier; the script tag's file is a classic script and exports nothing. */
const EXPECTED: Record<string, string[]> = {
  'agent-chat': ['ConfigError', 'ChatWidget', 'createChat', 'createTransport', 'mount', 'resolveConfig'],
  'agent-chat/script': [],
  'agent-chat/element': ['AgentChatElement'],
  'agent-chat/locales': ['LOCALES', 'ar', 'de', 'es', 'fr', 'ja'],
};

// A fresh app folder whose node_modules holds the package: imports resolve through "exports" as
// they do for a customer, and the package's own dependencies from beside it.
const app = mkdtempSync(join(tmpdir(), 'agent-chat-node-'));
mkdirSync(join(app, 'node_modules'));
symlinkSync(ROOT, join(app, 'node_modules/agent-chat'), 'dir');
afterAll(() => rmSync(app, { recursive: true, force: true }));

const specifiers = Object.keys(exportsField)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? 'agent-chat' : `agent-chat/${key.slice(2)}`));

describe('the package entries in Node, with no DOM', () => {
  it('lists every entry of "exports" here', () => {
    expect(specifiers.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(specifiers)('%s imports without an error and without touching the page', (specifier) => {
    const script = `
      const entry = await import(${JSON.stringify(specifier)});
      console.log(JSON.stringify({ exports: Object.keys(entry), globals: ['window', 'document', 'HTMLElement', 'customElements', 'AgentChat'].filter((name) => name in globalThis) }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { exports, globals } = JSON.parse(run.stdout) as { exports: string[]; globals: string[] };
    expect(exports).toEqual(expect.arrayContaining(EXPECTED[specifier]!));
    expect(globals).toEqual([]);
  });
});
