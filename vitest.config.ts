// Separate from vite.config.ts so that the Remix plugin does not run under Vitest.
import { defineConfig } from 'vitest/config';

const alias = { '~': new URL('./app', import.meta.url).pathname };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'server/**/*.test.ts'],
          exclude: ['**/*.db.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'db',
          include: ['app/**/*.db.test.ts', 'tests/**/*.db.test.ts'],
          // one database per run, created by tests/global-db.ts; files run one after another
          // against it so that figures asserted by one file are not moved by another
          fileParallelism: false,
          // in one module graph: importing the app anew for each of 80 files cost 44 s a run
          // (more than a minute under CI's load); each file still starts from the run's
          // environment (tests/setup-db-env.ts) and registers its shared fixtures by a call
          // (setUpAdmin() and the like in tests/*-helpers.ts)
          isolate: false,
          globalSetup: ['tests/global-db.ts'],
          setupFiles: ['tests/setup-db-env.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
