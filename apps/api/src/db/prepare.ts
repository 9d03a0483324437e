import { installDefaultTemplates } from '../domain/prompts/defaults';
import type { DatabaseHandle } from './database';

/**
 * Everything a fresh database needs before it can serve: the committed migrations, then the idempotent
 * start-up data. Run by `npm run db:migrate` (every driver), by the dev server on the embedded database,
 * and by the test harness when it builds its template database.
 */
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.migrate();
  await installDefaultTemplates(handle.db);
}
