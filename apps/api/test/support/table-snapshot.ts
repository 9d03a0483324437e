import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database';
import { rawRows } from '../../src/db/raw-rows';

let tables: Promise<string[]> | undefined;

async function tableNames(db: Database): Promise<string[]> {
  const rows = await rawRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((row) => row.name);
}

/**
 * Every table's row count and a digest of its contents, in one statement: equal snapshots mean
 * nothing was inserted, updated or deleted in between (a count alone would miss an update).
 */
export async function tableSnapshot(db: Database): Promise<Record<string, string>> {
  // Every test database is a copy of one migrated template, so the table list is the same for all.
  const names = await (tables ??= tableNames(db));
  const parts = names.map(
    (name) =>
      sql`select ${name} as name, count(*)::int || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as state
          from ${sql.identifier(name)} t`,
  );
  const rows = await rawRows<{ name: string; state: string }>(db, sql.join(parts, sql` union all `));
  return Object.fromEntries(rows.map((row) => [row.name, row.state]));
}
