// The bench's reference servers (the bare handler, the static bytes, the stock Remix floor) in
// as many processes as the app's WEB_CONCURRENCY runs (--workers), sharing one port.

/**
 * Runs `serve` in this process, or, for WORKERS > 1, in that many node:cluster workers; says
 * `ready` once all of them listen. `serve` calls `ready` itself when it runs alone.
 * @param {() => unknown} serve
 * @param {string} ready the line the bench waits for
 */
export async function serveInWorkers(serve, ready) {
  const { default: cluster } = await import('node:cluster');
  const workers = Number(process.env.WORKERS ?? 1);
  if (!(workers > 1 && cluster.isPrimary)) {
    await serve();
    return;
  }
  for (let i = 0; i < workers; i++) cluster.fork();
  let listening = 0;
  cluster.on('listening', () => ++listening === workers && console.log(ready));
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  });
}
