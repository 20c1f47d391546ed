// A stock Remix 2 app for the bench's part "floor" (scripts/bench/floor.ts): what the framework
// alone costs for a document of 20 rows on this machine, built with the project's own packages.
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'error',
  plugins: [
    remix({
      buildDirectory: process.env.FLOOR_BUILD_DIR ?? 'build',
      future: { v3_singleFetch: true },
    }),
  ],
});
