import type { DatabaseHandle } from '../db/database';
import { dashboardUrl } from '../dashboard-build';
import type { Env } from '../env';
import { ensureFirstRunKey } from '../first-run-key';
import { isDatabaseUnavailable } from '../db/driver-errors';
import { StartupError } from './error';
import { openDatabaseExclusively } from './open-database';
import { ensurePortFree } from './port';
import { bringSchemaUpToDate } from './schema';

/**
 * The node server's start-up, in the order that makes each failure cheap and clear (ADR 0023):
 * the port first (before any database is touched), then the database (its folder locked, on PGLite),
 * then its schema, then the first-run key. Fails with a `StartupError` for anything the operator fixes.
 */
export async function startUp(env: Env): Promise<DatabaseHandle> {
  await ensurePortFree(env.PORT);
  const handle = await openDatabaseExclusively(env);
  try {
    await bringSchemaUpToDate(handle, env.LOOP_MIGRATE_ON_START);
    if (handle.driver === 'pglite') await announceFirstRunKey(handle, env);
    return handle;
  } catch (error) {
    await handle.close();
    if (isDatabaseUnavailable(error)) {
      throw new StartupError(`The database at ${databaseAddress(env)} does not answer; check DATABASE_URL and that the server runs`);
    }
    throw error;
  }
}

/** Where DATABASE_URL points, without its credentials. */
function databaseAddress(env: Env): string {
  if (!env.DATABASE_URL) return 'the embedded folder';
  const url = new URL(env.DATABASE_URL);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

async function announceFirstRunKey(handle: DatabaseHandle, env: Env): Promise<void> {
  const key = await ensureFirstRunKey(handle.db, env);
  if (!key) return;
  console.log(`\nCreated your first API key (shown once, keep it):\n\n  ${key}\n`);
  console.log(`Try: curl -H "Authorization: Bearer ${key}" http://localhost:${env.PORT}/api/v1/issues\n`);
  console.log(`Or open the dashboard at ${dashboardUrl(env)} and paste the key to sign in.\n`);
}
