import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Three bundles from the fixed layout: electron/main.ts (Electron main process, node20 target so the
 * same code also runs under plain Node), electron/preload.ts (CommonJS: sandboxed preloads cannot be ESM)
 * and the React renderer from renderer/. db/ is bundled into main; node_modules stay external.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      target: 'node20',
      rolldownOptions: { input: { main: resolve(__dirname, 'electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { preload: resolve(__dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // SANIDESK_RENDERER_OUT: a private copy for a test run that a concurrent build cannot empty (e2e/fixtures.ts).
      outDir: process.env.SANIDESK_RENDERER_OUT ?? resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; minified it parses in about half the time, which is most of
      // a screen's first paint on a district office PC (npm run bench: dashboard and grid first paint).
      minify: true,
      chunkSizeWarningLimit: 4000,
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
