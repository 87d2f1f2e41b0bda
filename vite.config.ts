/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Three builds share this file, chosen by --mode:
//   (default) the demo page → dist/demo
//   lib       the npm entry → dist/agent-chat.mjs (preact, signals and the SSE parser stay external)
//   embed     the script-tag bundle → dist/agent-chat.js (IIFE, everything inlined)
const external = [/^preact(\/|$)/, /^@preact\/signals/, /^eventsource-parser/];

export default defineConfig(({ mode }) => {
  const shared = {
    // light-dark() stays native (it follows the widget's color-scheme); no polyfill variables.
    build: { cssTarget: ['chrome123', 'safari17.5', 'firefox120'] },
    oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
    test: {
      include: ['widget/**/*.test.{ts,tsx}', 'demo/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
      environment: 'node',
    },
  };
  if (mode === 'lib') {
    return {
      ...shared,
      build: {
        ...shared.build,
        outDir: 'dist',
        emptyOutDir: false,
        minify: true,
        sourcemap: true,
        lib: { entry: 'widget/index.ts', formats: ['es' as const], fileName: () => 'agent-chat.mjs' },
        rolldownOptions: { external, output: { minify: true } },
      },
    };
  }
  if (mode === 'embed') {
    return {
      ...shared,
      build: {
        ...shared.build,
        outDir: 'dist',
        emptyOutDir: false,
        minify: true,
        sourcemap: true,
        lib: { entry: 'widget/embed.ts', formats: ['iife' as const], name: 'AgentChatBundle', fileName: () => 'agent-chat.js' },
        rolldownOptions: { output: { minify: true } },
      },
    };
  }
  return {
    ...shared,
    publicDir: 'demo/public',
    build: { outDir: 'dist/demo', emptyOutDir: true, minify: true },
  };
});
