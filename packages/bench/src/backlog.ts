import { sql } from 'drizzle-orm';
import { rawRows } from '@loop/api/src/db/raw-rows';
import type { Database } from '@loop/api/src/db/database';

/**
 * Tops the ready queue up with `count` plain todo tasks, straight in SQL (seeding 50,000 through HTTP
 * would dominate the run), then does what autovacuum does within a minute of such a load, before the
 * claims are measured rather than during them: ANALYZE what the claims read and write (the bench's
 * own claims multiply `dispatches` within seconds; each connection then plans the claim once more),
 * and VACUUM them (the bulk insert alone triggers an autovacuum of `issues`, which would otherwise
 * take the same cores in the middle of the measurement; it also clears the index entries of the
 * issues claimed so far, as it would on a live server). The cold mode (`cold.ts`) leaves both to the
 * server's own autovacuum, as a new deployment would.
 */
export async function addReadyIssues(db: Database, count: number, { vacuum }: { vacuum: boolean }): Promise<void> {
  await db.execute(sql`
    insert into issues (id, title, type, status, priority)
    select 'bench' || md5(random()::text || clock_timestamp()::text || g), 'Backlog task ' || g, 'task', 'todo', 1 + (g % 4)
    from generate_series(1, ${count}) as g`);
  if (vacuum) await db.execute(sql`vacuum analyze issues, dispatches`);
}

export async function readyTodoCount(db: Database): Promise<number> {
  const [row] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from issues where status = 'todo' and deleted_at is null`);
  return row?.n ?? 0;
}
