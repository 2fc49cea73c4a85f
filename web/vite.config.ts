import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** `npm run dev` runs the server on its default port beside this dev server. */
const server = 'http://localhost:3000';

/** The browser client: built into web/dist (served by the server at /), or served hot by `npm run dev`. */
export default defineConfig({
  root,
  plugins: [react()],
  // One Yjs for the app and the shared document models, or `instanceof Y.Map` checks fail.
  resolve: { dedupe: ['yjs', 'lib0', 'y-protocols'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/auth': server,
      '/collab': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
