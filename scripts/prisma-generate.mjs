// Generates the Prisma client for both providers (app/generated/{sqlite,postgresql}), so that
// switching DATABASE_URL needs no rebuild of the client. Runs on `npm install`.
import { execFileSync } from 'node:child_process';

for (const [provider, url] of [
  ['sqlite', 'file:./data/jiebang.db'],
  ['postgresql', 'postgresql://localhost:5432/jiebang'],
]) {
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  console.log(`prisma client generated for ${provider}`);
}
