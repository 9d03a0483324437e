import type { SQL } from 'drizzle-orm';
import type { DB } from './database';

/**
 * Runs raw SQL and returns its rows. Every driver we use (PGLite, node-postgres, neon-http,
 * neon-serverless) answers `execute` with an object carrying `rows`; the generic `Database` type
 * cannot know that, so the one cast lives here.
 */
export async function rawRows<T extends Record<string, unknown>>(db: DB, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
