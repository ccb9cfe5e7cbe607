import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served in production by the server from apps/web/dist at `/` (SPA fallback); API at /api (same origin).
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});
