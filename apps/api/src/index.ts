import { createApp } from './app';
import { openRemoteDatabase } from './db/open-remote-database';
import { loadEnvOrExit } from './load-env';

// The Vercel Function entry: Vercel detects a Hono app default-exported from src/index.ts and serves it
// on the Node runtime (the Neon WebSocket pool needs Node). Migrations run at build time, not here.
const env = loadEnvOrExit();

/**
 * Importing this loads no driver and opens no connection: the first request imports the driver its URL
 * needs and the pools connect on first use (ADR 0038). Exported for tests to close.
 */
export const database = openRemoteDatabase(env);

export default createApp({ db: database.db, env });
