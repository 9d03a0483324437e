import { sql } from 'drizzle-orm';
import { rawRows } from '@loop/api/src/db/raw-rows';
import type { Database } from '@loop/api/src/db/database';

/** Tops the ready queue up with `count` plain todo tasks, straight in SQL (seeding 50,000 through HTTP would dominate the run). */
export async function addReadyIssues(db: Database, count: number): Promise<void> {
  await db.execute(sql`
    insert into issues (id, title, type, status, priority)
    select 'bench' || md5(random()::text || clock_timestamp()::text || g), 'Backlog task ' || g, 'task', 'todo', 1 + (g % 4)
    from generate_series(1, ${count}) as g`);
  await db.execute(sql`analyze issues`);
}

export async function readyTodoCount(db: Database): Promise<number> {
  const [row] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from issues where status = 'todo' and deleted_at is null`);
  return row?.n ?? 0;
}
