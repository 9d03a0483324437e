import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type * as schema from './schema';

export type Schema = typeof schema;

/**
 * The one database interface the application sees, whichever driver is underneath
 * (PGLite, node-postgres, or Neon HTTP with transactions on the Neon WebSocket pool).
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Domain functions take a `DB` so they can join a caller's transaction instead of opening their own. */
export type DB = Database | Transaction;

export type DatabaseDriver = 'pglite' | 'postgres' | 'neon';

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Applies the committed migrations in `apps/api/drizzle`. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
