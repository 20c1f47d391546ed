// The floor app's server: Express and Remix's own adapter, as Remix's templates serve it.
//   node scripts/bench/floor/server.mjs PORT BUILD_DIR
import { createRequestHandler } from '@remix-run/express';
import express from 'express';

const [portArg, buildDir] = process.argv.slice(2);
const build = await import(`${buildDir}/server/index.js`);
const app = express();
app.disable('x-powered-by');
app.use('/assets', express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: '1y' }));
app.use(express.static(`${buildDir}/client`, { maxAge: '1h' }));
app.all('*', createRequestHandler({ build, mode: 'production' }));
app.listen(Number(portArg), '127.0.0.1', () => console.log('floor listening'));
