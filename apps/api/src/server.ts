import { serve } from '@hono/node-server';
import { createApp } from './app';
import { dashboardUrl, prepareDashboard } from './dashboard-build';
import { openDatabase } from './db/open-database';
import { prepareDatabase } from './db/prepare';
import { ensureFirstRunKey } from './first-run-key';
import { loadEnvOrExit } from './load-env';

// The Node server: `npm start` and `npm run dev`.
const env = loadEnvOrExit();
const handle = await openDatabase(env);

if (handle.driver === 'pglite') {
  // The embedded database is ours alone: bring it up to date on every start.
  await prepareDatabase(handle);
  const key = await ensureFirstRunKey(handle.db, env);
  if (key) {
    console.log(`\nCreated your first API key (shown once, keep it):\n\n  ${key}\n`);
    console.log(`Try: curl -H "Authorization: Bearer ${key}" http://localhost:${env.PORT}/api/v1/issues\n`);
    console.log(`Or open the dashboard at ${dashboardUrl(env)} and paste the key to sign in.\n`);
  }
}

const app = createApp({ db: handle.db, env, dashboardDir: await prepareDashboard(env) });
const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
  console.log(`Loop API listening on http://localhost:${info.port} (database: ${handle.driver})`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close();
  await handle.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
