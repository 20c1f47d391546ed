import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium, never Playwright's own download (it cannot be fetched here).
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(
    `No Chromium at ${executablePath}. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.`,
  );
}

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  // the sweeps' roles run two at a time; the other projects one test at a time
  workers: 2,
  retries: 0,
  // A flow of several people takes 10–20 s on a quiet machine, and five of them passed 30 s on
  // one three times slower with the integration suite beside them; a stuck test still ends,
  // and a slow one is not mistaken for a broken one.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  // Playwright empties its output folder on start; keep it apart from the other reports
  outputDir: 'test-results/e2e-artifacts',
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  // The read-only specs check the seeded programme's exact figures, so they run first, before
  // the specs that add records to the same database, one at a time (some assert what earlier
  // ones left). The sweep of every page of every role runs last, over all of that, and only
  // reads: its roles run in parallel.
  projects: [
    { name: 'seeded', testMatch: /(public|catalogue)\.spec\.ts$/, workers: 1 },
    {
      name: 'flows',
      testIgnore: /(public|catalogue|responsive)\.spec\.ts$/,
      dependencies: ['seeded'],
      workers: 1,
    },
    {
      name: 'sweeps',
      testMatch: /responsive\.spec\.ts$/,
      dependencies: ['flows'],
      fullyParallel: true,
    },
  ],
  webServer: {
    // a fresh SQLite database, migrated and seeded the way `npm start` does it
    command: 'node scripts/e2e-server.mjs',
    url: `http://localhost:${port}/stats.json`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: { E2E_PORT: String(port) },
    stdout: 'pipe',
  },
});
