import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Loop serves the build at /app/ on the API's own origin; in development the API runs on :4242 and
// Vite forwards /api to it, so the browser still sees one origin (no CORS, the key stays in storage).
export default defineConfig({
  base: '/app/',
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.LOOP_API_URL ?? 'http://localhost:4242', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    // The polyfill would be inlined into index.html; the dashboard's CSP allows no inline script.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
