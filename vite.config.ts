/// <reference types="vitest/config" />
import { readFileSync, readdirSync } from 'node:fs';
import { minify as terser } from 'terser';
import { type Plugin, defineConfig } from 'vite';
import { configDefaults } from 'vitest/config';
import { markedGfmLexer } from './tools/marked-lexer.ts';

// Four builds share this file, chosen by --mode:
//   (default) the demo page → dist/demo
//   lib       the npm entry → dist/agent-chat.mjs (preact, signals, the SSE parser and marked stay external)
//   embed     the script tag's widget → dist/agent-chat-core.js, an ES module with everything
//             inlined, and the chunk it fetches when wanted (dist/agent-chat-chatting-<hash>.js:
//             the conversation and the panel)
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
 * The widget uses marked's Lexer only, for GFM with marked's default options: tools/marked-lexer.ts
 * cuts marked's module down to that (its renderer and parser, the rule sets and branches of other
 * options). It fails the build if marked's layout changes.
 */
const markedLexerOnly: Plugin = {
  name: 'agent-chat-marked-lexer-only',
  async transform(code, id) {
    if (!/[\\/]node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/.test(id)) return null;
    return { code: await markedGfmLexer(code), map: null };
  },
};

/**
 * The script tag's files, minified a second time: after oxc (rolldown's minifier), terser, which
 * picks names by how often each letter occurs, which gzip rewards (0.2 KB gzip for a chatting
 * visitor). The files keep their names: they hash what rolldown made, which fixes what
 * terser makes of it, and the imports between them (by export name) are unchanged. Each file's
 * source map is carried on through terser.
 */
const minifyAgain: Plugin = {
  name: 'agent-chat-minify-again',
  async generateBundle(options, bundle) {
    // An unminified build (bench/transcript.ts counts renders on one) stays unminified.
    if (!options.minify) return;
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const mapFile = bundle[`${chunk.fileName}.map`];
      const link = /\n\/\/# sourceMappingURL=\S+\s*$/.exec(chunk.code);
      const map = mapFile?.type === 'asset' ? mapFile : undefined;
      const result = await terser(link ? chunk.code.slice(0, link.index) : chunk.code, {
        module: options.format === 'es',
        // unsafe: takes the standard built-ins as they are (60 bytes gzip).
        compress: { passes: 3, unsafe: true },
        format: { comments: 'some' },
        sourceMap: map ? { content: String(map.source), asObject: true } : false,
      });
      chunk.code = `${result.code!}${link?.[0] ?? ''}`;
      if (map) map.source = JSON.stringify(result.map);
    }
  },
};

export default defineConfig(({ mode }) => {
  const library = mode in LIBRARIES ? LIBRARIES[mode as LibraryMode] : null;
  return {
    plugins: mode === 'embed' ? [localeFiles, markedLexerOnly, minifyAgain] : mode === 'loader' ? [minifyAgain] : [markedLexerOnly],
    // Classic JSX (h calls) is 0.15 KB gzip smaller here than the automatic runtime.
    oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
    // `vitest run --mode package` checks the built package (dist/), so it runs after the build;
    // every other test runs on the sources.
    test: mode === 'package'
      ? { include: [PACKAGE_TEST], environment: 'node' }
      : {
          include: ['widget/**/*.test.{ts,tsx}', 'demo/**/*.test.{ts,tsx}', 'bench/**/*.test.ts', 'tools/**/*.test.ts'],
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
            // The script tag's files name no map: a `sourceMappingURL` line is 224 bytes gzip of every
            // visitor's download, and by default the gateway serves no maps. When it does, it
            // names each file's map in a SourceMap header, which developer tools read the same way.
            sourcemap: mode === 'lib' ? true : 'hidden',
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
