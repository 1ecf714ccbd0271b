import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// A development shell for the reporter screens and the rebuttal workspace until the lead wires them
// into the dashboard: built into dist-reporter-preview/ and served by the API as DASHBOARD_DIR
// (the API serves index.html at `/`), so requests stay same-origin as in the real dashboard.
const apiTarget = 'http://127.0.0.1:3000';

/** The entry is reporter-preview.html; the API looks for index.html. */
function entryAsIndex(): Plugin {
  return {
    name: 'sitroom-preview-entry-as-index',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['reporter-preview.html'];
      if (html) html.fileName = 'index.html';
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), entryAsIndex()],
  build: {
    outDir: 'dist-reporter-preview',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: 'reporter-preview.html',
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5174,
    open: '/reporter-preview.html',
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
