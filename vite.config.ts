/// <reference types="vitest/config" />
import { readFileSync, readdirSync } from 'node:fs';
import { type Plugin, defineConfig } from 'vite';
import { configDefaults } from 'vitest/config';

// Four builds share this file, chosen by --mode:
//   (default) the demo page → dist/demo
//   lib       the npm entry → dist/agent-chat.mjs (preact, signals, the SSE parser and marked stay external)
//   embed     the script tag's widget → dist/agent-chat-core.js, an ES module with everything
//             inlined, and the chunks it fetches when wanted (dist/agent-chat-conversation-<hash>.js,
//             dist/agent-chat-Panel-<hash>.js)
//   loader    the script tag itself → dist/agent-chat.js (a small classic script that imports the core)
const LIBRARIES = {
  // The npm entry and `agent-chat/element`, sharing one chunk.
  lib: { entry: { 'agent-chat': 'widget/index.ts', element: 'widget/element.ts', locales: 'widget/locales/index.ts' }, formats: ['es' as const], fileName: (_: string, name: string) => `${name}.mjs` },
  embed: { entry: 'widget/embed-core.ts', formats: ['es' as const], fileName: () => 'agent-chat-core.js' },
  loader: { entry: 'widget/embed.ts', formats: ['iife' as const], name: 'AgentChatLoader', fileName: () => 'agent-chat.js' },
};
type LibraryMode = keyof typeof LIBRARIES;

const PACKAGE_TEST = 'widget/package-entries.test.ts';

/** The script tag fetches its visitor's locale as JSON from beside itself: dist/locales/<code>.json. */
const localeFiles: Plugin = {
  name: 'agent-chat-locales',
  generateBundle() {
    for (const file of readdirSync('widget/locales').filter((name) => name.endsWith('.json'))) {
      // Minified: the JSON is parsed and written again.
      const source = JSON.stringify(JSON.parse(readFileSync(`widget/locales/${file}`, 'utf8')));
      this.emitFile({ type: 'asset', fileName: `locales/${file}`, source });
    }
  },
};

/**
 * The widget uses marked's Lexer only. marked's module ends by building its `marked()` function and
 * a shared instance, which keep its HTML renderer and parser in every bundle (3 KB gzip); this cuts
 * that end off and exports the Lexer alone. It fails the build if marked's layout changes.
 */
const markedLexerOnly: Plugin = {
  name: 'agent-chat-marked-lexer-only',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/.test(id)) return null;
    const exported = new Map([...(/export\s*\{([^}]*)\}\s*;?\s*(\/\/.*\s*)?$/.exec(code)?.[1] ?? '').matchAll(/([\w$]+) as ([\w$]+)/g)].map(([, local, name]) => [name!, local!]));
    const lexer = exported.get('Lexer');
    const instance = exported.has('Marked') ? new RegExp(`var [\\w$]+=new ${exported.get('Marked')!.replace(/\$/g, '\\$')};`).exec(code) : null;
    if (!lexer || !instance) throw new Error('marked changed its module layout: update the agent-chat-marked-lexer-only plugin in vite.config.ts');
    return { code: `${code.slice(0, instance.index)}export{${lexer} as Lexer};`, map: null };
  },
};

export default defineConfig(({ mode }) => {
  const library = mode in LIBRARIES ? LIBRARIES[mode as LibraryMode] : null;
  return {
    plugins: mode === 'embed' ? [localeFiles, markedLexerOnly] : [markedLexerOnly],
    // Classic JSX (h calls) is 0.15 KB gzip smaller here than the automatic runtime.
    oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
    // `vitest run --mode package` checks the built package (dist/), so it runs after the build;
    // every other test runs on the sources.
    test: mode === 'package'
      ? { include: [PACKAGE_TEST], environment: 'node' }
      : {
          include: ['widget/**/*.test.{ts,tsx}', 'demo/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, PACKAGE_TEST],
          environment: 'node',
          // Through Vite's pipeline, so that the tests run on the same cut-down marked as the bundles.
          server: { deps: { inline: ['marked'] } },
          // A throwaway PostgreSQL and Redis, so the suites that run on both engines always do.
          globalSetup: ['demo/server/testing/global-setup.ts'],
        },
    publicDir: library ? false : 'demo/public',
    build: {
      // light-dark() stays native (it follows the widget's color-scheme); no polyfill variables.
      cssTarget: ['chrome123', 'safari17.5', 'firefox120'],
      minify: true,
      ...(library
        ? {
            outDir: 'dist',
            emptyOutDir: false,
            sourcemap: true,
            lib: library,
            // Vite 8 library builds minify only when the output asks for it too.
            rolldownOptions: {
              // The script tag's chunks are named by their content: a page still running an older
              // core fetches the chunks built with it, never a newer one it cannot link to.
              output: {
                minify: true,
                chunkFileNames: mode === 'lib' ? 'agent-chat-[name].mjs' : 'agent-chat-[name]-[hash].js',
                // Pure annotations help a bundler that takes the npm build in; the script tag's
                // files are final, so there they are only bytes (141 in the panel's chunk alone).
                comments: mode === 'lib' ? true : { legal: true, annotation: false, jsdoc: false },
              },
              // The panel's chunk may import what it shares with the core from the core itself:
              // otherwise the shared modules become a third file, one more round trip.
              preserveEntrySignatures: 'allow-extension',
              external: mode === 'lib' ? [/^preact(\/|$)/, /^@preact\/signals/, /^eventsource-parser/, /^marked$/] : [],
            },
          }
        : { outDir: 'dist/demo', emptyOutDir: true, rolldownOptions: { input: { main: 'index.html', analytics: 'analytics.html' } } }),
    },
  };
});
