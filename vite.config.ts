import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vite';
import { precompressDirectory } from './server/precompressed.mjs';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Brotli and gzip copies of the client build's scripts and styles, written once at build time
 * and served by server.mjs to clients that accept them (docs/decisions/020-performance.md).
 */
function precompress(): Plugin {
  let ssr = false;
  return {
    name: 'jiebang-precompress',
    apply: 'build',
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      async handler(options) {
        // the server build's output is never served to browsers
        if (ssr || !options.dir) return;
        const t = await precompressDirectory(options.dir);
        const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
        this.info(
          `precompressed ${t.files} files, ${kb(t.bytes)}: brotli ${kb(t.br)}, gzip ${kb(t.gzip)}`,
        );
      },
    },
  };
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    precompress(),
    remix({
      // JIEBANG_BUILD_DIR lets parallel test servers build side by side (scripts/e2e-server.mjs)
      buildDirectory: process.env.JIEBANG_BUILD_DIR ?? 'build',
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  resolve: { alias: { '~': new URL('./app', import.meta.url).pathname } },
  server: { port: Number(process.env.PORT ?? 3000) },
});
