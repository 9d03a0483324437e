import type { DatabaseHandle } from '../db/database';
import { prepareDatabase } from '../db/prepare';
import { readSchemaStatus } from '../db/schema-state';
import { StartupError } from './error';

/**
 * Before the server listens, the schema must match the code: by default it is brought up to date
 * (migrations and default templates, under the migration lock); with LOOP_MIGRATE_ON_START=false
 * a database that is behind stops start-up, naming the command that fixes it.
 */
export async function bringSchemaUpToDate(handle: DatabaseHandle, migrateOnStart: boolean): Promise<void> {
  if (migrateOnStart) return prepareDatabase(handle);
  const { state, pending } = await readSchemaStatus(handle.db);
  if (state === 'behind') {
    throw new StartupError(
      `The database schema is behind this code (${pending} migration${pending === 1 ? '' : 's'} not applied) and ` +
        'LOOP_MIGRATE_ON_START=false: run `npm run db:migrate`, then start again',
    );
  }
}
