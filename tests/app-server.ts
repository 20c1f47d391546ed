// The real server as a child process, for tests that need HTTP itself (sockets, headers, the
// edge in server.mjs): the production build in its own folder (JIEBANG_BUILD_DIR), built when
// missing or older than the sources (the same rule as `npm start`), started with `node
// server.mjs` on a free port against this run's database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The one production build the HTTP tests share (each file used to make its own). */
export const TEST_BUILD_DIR = 'build-test';

function isStale(buildDir: string) {
  const stamp = `${buildDir}/server/index.js`;
  return (
    !existsSync(stamp) ||
    newestMtime('app') > statSync(stamp).mtimeMs ||
    ['vite.config.ts', 'package.json', 'server.mjs'].some(
      (f) => statSync(f).mtimeMs > statSync(stamp).mtimeMs,
    )
  );
}

/**
 * Builds `buildDir` when it is missing or older than the sources (the rule of `npm start`).
 * Test files run in parallel workers: one builds while holding a lock folder, the others wait
 * for it and then find the build fresh.
 */
export async function buildIfNeeded(buildDir: string) {
  const lock = `${buildDir}.lock`;
  for (;;) {
    if (!isStale(buildDir)) return;
    try {
      mkdirSync(lock);
    } catch {
      // another worker builds; a lock older than ten minutes was left by a killed run
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 600_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (!isStale(buildDir)) return;
      const r = spawnSync(
        process.execPath,
        ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build', '--logLevel', 'warn'],
        { env: { ...process.env, JIEBANG_BUILD_DIR: buildDir }, encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The processes `pid` started (a primary's workers), from /proc. */
export function childPids(pid: number): number[] {
  const ids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return ids ? ids.split(' ').map(Number) : [];
}

/**
 * Asks `probe` every 50 ms until it answers something other than false, and returns that; after
 * `ms`, fails naming `what`, with `detail()` (a server's output, say).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | false | Promise<T | false>,
  ms: number,
  detail: () => string = () => '',
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}:\n${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The environment of a child: this one's without Vitest's markers, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST'),
  );
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

/** Starts children and keeps their output (for failure messages) and handles (to kill them). */
export function createLauncher() {
  const children: ChildProcess[] = [];
  const logs: string[] = [];

  /** Starts a child process and resolves once a line of its output matches `ready`. */
  function startChild(
    name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    ready: RegExp,
  ): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start:\n${logs.join('')}`)),
        30_000,
      );
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        logs.push(`[${name}] ${text}`);
        const match = text.match(ready);
        if (match) {
          clearTimeout(timer);
          resolve({ child, match });
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => logs.push(`[${name}!] ${chunk.toString()}`));
      child.once('exit', (code, signal) => {
        logs.push(`[${name}] exited ${code ?? signal}\n`);
        clearTimeout(timer);
        reject(
          new Error(`${name} exited (${code ?? signal}) before it was ready:\n${logs.join('')}`),
        );
      });
    });
  }

  function killAll() {
    for (const child of children)
      if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
  }

  return { children, logs, startChild, killAll };
}

/**
 * The app server on a free port; `env` is added to this process's environment (APP_ORIGIN is
 * the server's own address unless `env` names another); `nodeArgs` go to node before the
 * script (e.g. `--cpu-prof`, which NODE_OPTIONS may not carry).
 */
export async function startAppServer(
  launcher: ReturnType<typeof createLauncher>,
  {
    buildDir,
    env,
    nodeArgs = [],
  }: { buildDir: string; env: Record<string, string>; nodeArgs?: string[] },
) {
  await buildIfNeeded(buildDir);
  const port = await freePort();
  const { child } = await launcher.startChild(
    'server',
    [...nodeArgs, 'server.mjs'],
    childEnv({
      NODE_ENV: 'production',
      PORT: String(port),
      JIEBANG_BUILD_DIR: buildDir,
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      ...env,
    }),
    /Jiebang listening on/,
  );
  return { child, port, origin: `http://127.0.0.1:${port}` };
}
