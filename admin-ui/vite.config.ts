// Vite builds the SPA for `partnergraph serve`, which serves it under /admin/ with a strict content
// security policy: no inline scripts or styles, so nothing may be inlined into index.html.
import { defineConfig } from 'vitest/config';

const backend = process.env.PARTNERGRAPH_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/admin/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client", which means nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/graphql': backend, '/export': backend },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
