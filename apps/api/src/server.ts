import { serve } from '@hono/node-server';
import { createApp } from './app';
import { prepareDashboard } from './dashboard-build';
import { answerClientError } from './http/client-error';
import { loadEnvOrExit } from './load-env';
import { startUp } from './start-up';
import { exitOnStartupError } from './start-up/error';
import { exitOnListenError, stopOnSignals } from './start-up/lifecycle';

// The Node server: `npm start` and `npm run dev`. Nothing listens until start-up has checked the port,
// opened (and on PGLite locked) the database and brought its schema up to date (start-up/index.ts),
// and the dashboard's build is fresh (dashboard-build.ts).
const env = loadEnvOrExit();
const handle = await exitOnStartupError(() => startUp(env));

const app = createApp({ db: handle.db, env, dashboardDir: await prepareDashboard(env) });
const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
  console.log(`Loop API listening on http://localhost:${info.port} (database: ${handle.driver})`);
});
server.on('clientError', answerClientError);
exitOnListenError(server, env.PORT);
stopOnSignals(server, handle);
