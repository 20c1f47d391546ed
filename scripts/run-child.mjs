// One child process of `npm test`'s runners (scripts/test.mjs, scripts/test-db.mjs): its output
// goes to ours as it comes or, when runs go side by side, is kept and written whole once it
// ends, so that two runs never interleave.
import { spawn } from 'node:child_process';

/**
 * Runs `cmd` with `args`; resolves with whether it exited with 0. `heading` is printed before
 * the output: at the start, or with `keep`, at the end just before the kept output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ keep?: boolean, heading?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<boolean>}
 */
export function runChild(cmd, args, { keep = false, heading, env = process.env } = {}) {
  if (heading && !keep) console.log(heading);
  const child = spawn(cmd, args, { stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
  /** @type {Buffer[]} */
  const output = [];
  child.stdout?.on('data', (chunk) => output.push(chunk));
  child.stderr?.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (keep) {
        if (heading) console.log(heading);
        process.stdout.write(Buffer.concat(output));
      }
      resolve(code === 0);
    });
  });
}

/** Seconds since `started` (a Date.now()), as the runners print them. */
export const secondsSince = (started) => ((Date.now() - started) / 1000).toFixed(1);
