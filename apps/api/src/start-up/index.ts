import type { DatabaseHandle } from '../db/database';
import type { Env } from '../env';
import { ensureFirstRunKey } from '../first-run-key';
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
    throw error;
  }
}

async function announceFirstRunKey(handle: DatabaseHandle, env: Env): Promise<void> {
  const key = await ensureFirstRunKey(handle.db, env);
  if (!key) return;
  console.log(`\nCreated your first API key (shown once, keep it):\n\n  ${key}\n`);
  console.log(`Try: curl -H "Authorization: Bearer ${key}" http://localhost:${env.PORT}/api/v1/issues\n`);
}
