import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The server serves dist/ itself (SPA fallback to index.html). During `npm run dev`, API calls go
// to a server started separately, WEFT_DEV_API (default http://127.0.0.1:8080).
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // No inline scripts: the server's CSP forbids them.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': { target: (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.WEFT_DEV_API ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
});
