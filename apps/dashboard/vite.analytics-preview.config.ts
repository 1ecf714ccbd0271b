import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import app from './vite.config.ts';

// The analytics page on its own page (analytics-preview.html), built into dist-preview/ so it never
// touches the app's dist/. Serve it with the API's DASHBOARD_DIR=apps/dashboard/dist-preview and open
// /analytics-preview.html; `vite` in development serves it without this file.
export default mergeConfig(app, defineConfig({
  build: {
    outDir: 'dist-preview',
    emptyOutDir: true,
    rollupOptions: { input: { 'analytics-preview': fileURLToPath(new URL('./analytics-preview.html', import.meta.url)) } },
  },
}));
