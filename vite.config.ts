import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vite';
import { AREAS } from './app/i18n/areas';
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

// JIEBANG_BUILD_DIR lets parallel test servers build side by side (scripts/e2e-server.mjs)
const buildDirectory = process.env.JIEBANG_BUILD_DIR ?? 'build';

/**
 * Each part of each language's catalogue is a chunk of the client build of its own
 * (app/i18n/areas.ts, app/entry.client.tsx); the server build gets their files as
 * __JIEBANG_CATALOGUE_CHUNKS__ so that a page has the browser preload its language's parts
 * (app/i18n/preload.server.ts). The client build runs first and leaves its Vite manifest for
 * Remix, which reads it during the server build.
 */
function catalogueChunks(): Plugin {
  return {
    name: 'jiebang-catalogue-chunks',
    apply: 'build',
    config(config, env) {
      const file = path.resolve(config.root ?? '.', buildDirectory, 'client/.vite/manifest.json');
      if (!env.isSsrBuild || !existsSync(file)) return;
      const manifest: Record<string, { file: string; imports?: string[] }> = JSON.parse(
        readFileSync(file, 'utf8'),
      );
      const base = config.base ?? '/';
      const files = (key: string, into: Set<string>): Set<string> => {
        const chunk = manifest[key];
        if (!chunk) throw new Error(`no ${key} in the client build's manifest`);
        if (!into.has(base + chunk.file)) {
          into.add(base + chunk.file);
          for (const imported of chunk.imports ?? []) files(imported, into);
        }
        return into;
      };
      const chunks = Object.fromEntries(
        ['zh', 'en'].map((locale) => [
          locale,
          Object.fromEntries(
            AREAS.map((area) => [area, [...files(`app/i18n/${locale}-${area}.ts`, new Set())]]),
          ),
        ]),
      );
      return { define: { __JIEBANG_CATALOGUE_CHUNKS__: JSON.stringify(chunks) } };
    },
  };
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    precompress(),
    catalogueChunks(),
    remix({
      buildDirectory,
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
