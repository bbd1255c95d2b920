// Vite builds the SPA for `partnergraph serve`, which serves it under /admin/ with a strict content
// security policy: no inline scripts or styles, so nothing may be inlined into index.html.
//
// Two pages: the app (index.html) and GraphiQL (graphiql.html, which the server answers for a browser's
// GET /graphql), each with its own entry so neither bundle carries the other.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const backend = process.env.PARTNERGRAPH_URL ?? 'http://127.0.0.1:8080';

/**
 * GraphiQL's stylesheet inlines its Roboto and Fira Code faces as `data:` URLs, which the CSP
 * (`default-src 'self'`, no `font-src`) refuses, each refusal a console error. The faces are dropped
 * here instead of loosening the policy; the page sets a system font stack (src/graphiql/graphiql.css).
 */
function dropGraphiqlInlineFonts(): Plugin {
  return {
    name: 'partnergraph:drop-graphiql-inline-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]graphiql[\\/]dist[\\/]style\.css(\?|$)/.test(id)) return null;
      const stripped = code.replace(/@font-face\s*\{[^}]*\}/g, '');
      if (stripped === code) this.warn('no @font-face found in graphiql/dist/style.css: check the drop is still needed');
      if (/url\(\s*["']?data:font/.test(stripped)) this.error('graphiql/dist/style.css still inlines a data: font');
      return { code: stripped, map: null };
    },
  };
}

export default defineConfig({
  base: '/admin/',
  plugins: [dropGraphiqlInlineFonts()],
  resolve: {
    alias: [
      // GraphiQL's dialogs would add a <style> element that the CSP refuses: see the file for why.
      {
        find: /^react-style-singleton$/,
        replacement: fileURLToPath(new URL('./src/graphiql/style-singleton.ts', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    // GraphiQL's own chunk is about 780 kB (250 kB gzipped), loaded by the GraphiQL page only; the
    // app's chunks stay far below this.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('./graphiql.html', import.meta.url)),
      },
      onwarn(warning, warn) {
        // react-router marks its modules "use client", which means nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/graphql': backend, '/export': backend, '/auth': backend },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // A test that types and clicks through several renders takes a few seconds on a loaded 2-core
    // machine; the default 5 s turned that load into failures.
    testTimeout: 20_000,
  },
});
