import { installDefaultTemplates } from '../domain/prompts/defaults';
import type { DatabaseHandle } from './database';
import { withMigrationLock } from './migration-lock';

/**
 * Everything a fresh database needs before it can serve: the committed migrations, then the idempotent
 * start-up data, under the migration lock (two processes preparing one database take turns). Run by
 * `npm run db:migrate` (every driver), by the node server before it listens (unless
 * LOOP_MIGRATE_ON_START=false), and by the test harness when it builds its template database.
 */
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await withMigrationLock(handle, async () => {
    await handle.migrate();
    await installDefaultTemplates(handle.db);
  });
}
