import { sql } from 'drizzle-orm';
import { rawRows } from '@loop/api/src/db/raw-rows';
import type { Database } from '@loop/api/src/db/database';

/**
 * Tops the ready queue up with `count` plain todo tasks, straight in SQL (seeding 50,000 through HTTP
 * would dominate the run), then analyzes what the claims read and write: the bench's own claims
 * multiply `dispatches` within seconds, where autovacuum would re-analyze a live table within a
 * minute of such growth (each connection then plans the claim once more).
 */
export async function addReadyIssues(db: Database, count: number): Promise<void> {
  await db.execute(sql`
    insert into issues (id, title, type, status, priority)
    select 'bench' || md5(random()::text || clock_timestamp()::text || g), 'Backlog task ' || g, 'task', 'todo', 1 + (g % 4)
    from generate_series(1, ${count}) as g`);
  await db.execute(sql`analyze issues, dispatches`);
}

export async function readyTodoCount(db: Database): Promise<number> {
  const [row] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from issues where status = 'todo' and deleted_at is null`);
  return row?.n ?? 0;
}
