import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { DatabaseHandle } from '../database';
import { migrationsFolder } from '../migrations-folder';
import * as schema from '../schema';

/** Embedded PostgreSQL (WASM), persisted in `dataDir`, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined, logger?: Logger): Promise<DatabaseHandle> {
  const client = new PGlite(dataDir);
  await client.waitReady;
  return wrapPglite(client, logger);
}

export function wrapPglite(client: PGlite, logger?: Logger): DatabaseHandle {
  const db = drizzle({ client, schema, logger });
  return {
    db,
    driver: 'pglite',
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
