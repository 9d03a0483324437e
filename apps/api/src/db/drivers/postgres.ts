import type { Logger } from 'drizzle-orm/logger';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { DatabaseHandle } from '../database';
import { migrationsFolder } from '../migrations-folder';
import * as schema from '../schema';

/** Self-hosted PostgreSQL through node-postgres. Bounded timeouts: an outage answers, never hangs. */
export function openPostgres(url: string, logger?: Logger): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection must not crash the process; the pool replaces it on next use.
  pool.on('error', () => {});
  // Nor may one dropped while checked out (mid-transaction): the pool listens only to idle clients, and
  // an 'error' event nobody listens to is thrown. The running query still rejects, and answers 503.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle({ client: pool, schema, logger });
  return {
    db,
    driver: 'postgres',
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => pool.end(),
  };
}
