import { sql } from 'drizzle-orm';
import type { Database } from './database';
import { readSchemaStatus, type SchemaState } from './schema-state';

/**
 * How long a schema found current (or ahead) is trusted without reading it again. A running
 * deployment's schema only moves forward, by a migration, so re-reading it on every probe would cost
 * a round trip for nothing; a schema found behind is read again on every probe, so `/health` turns
 * healthy as soon as `npm run db:migrate` has run.
 */
export const trustSchemaForMs = 60_000;

const trusted = new WeakMap<Database, { state: Exclude<SchemaState, 'behind'>; until: number }>();

/**
 * The schema's state for `/health`, proving along the way that the database answers (it rejects when
 * it does not): one `select 1` while a good state is trusted, otherwise the schema read itself.
 */
export async function probeSchema(db: Database, now = Date.now()): Promise<SchemaState> {
  const known = trusted.get(db);
  if (known && known.until > now) {
    await db.execute(sql`select 1`);
    return known.state;
  }
  const { state } = await readSchemaStatus(db);
  if (state === 'behind') trusted.delete(db);
  else trusted.set(db, { state, until: now + trustSchemaForMs });
  return state;
}
