import { sql } from 'drizzle-orm';
import journal from '../../drizzle/meta/_journal.json';
import type { DB } from './database';
import { rawRows } from './raw-rows';

/**
 * How the database's schema compares with the migrations committed with this code:
 * - `current`: every committed migration is applied;
 * - `behind`: some are not (an empty database included) — the code would meet missing tables;
 * - `ahead`: the database has a migration this code does not know (a newer deployment migrated it).
 */
export type SchemaState = 'current' | 'behind' | 'ahead';

export interface SchemaStatus {
  state: SchemaState;
  /** How many committed migrations are not applied yet. */
  pending: number;
}

/** Each committed migration's `when`, which drizzle's migrator records as `created_at` when it applies it. */
export const committedMigrations: readonly number[] = journal.entries.map((entry) => entry.when);

/**
 * drizzle's migrator applies every committed migration whose `when` is later than the latest
 * `created_at` it recorded, so that comparison — and nothing looser — says what `migrate` would do.
 */
export function compareSchema(lastApplied: number | undefined, committed: readonly number[] = committedMigrations): SchemaStatus {
  const pending = committed.filter((when) => lastApplied === undefined || when > lastApplied).length;
  if (pending > 0) return { state: 'behind', pending };
  const ahead = lastApplied !== undefined && committed.every((when) => when < lastApplied);
  return { state: ahead ? 'ahead' : 'current', pending: 0 };
}

/**
 * Reads drizzle's own record of applied migrations (`drizzle.__drizzle_migrations`). Used by the node
 * server before it listens and by `/health`, so both judge the schema the same way. Two small catalog
 * reads; the table's absence (a database never migrated) is `behind`, not an error.
 */
export async function readSchemaStatus(db: DB): Promise<SchemaStatus> {
  const [table] = await rawRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table?.present) return compareSchema(undefined);
  const [row] = await rawRows<{ last: string | null }>(
    db,
    sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  return compareSchema(row?.last == null ? undefined : Number(row.last));
}
