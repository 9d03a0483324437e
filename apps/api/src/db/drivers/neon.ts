import { neon, neonConfig, Pool } from '@neondatabase/serverless';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { drizzle as drizzleWs } from 'drizzle-orm/neon-serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import ws from 'ws';
import type { Database, DatabaseHandle } from '../database';
import { migrationsFolder } from '../migrations-folder';
import * as schema from '../schema';

/**
 * Neon: plain queries go over HTTP (one round trip each, no connection to keep), while
 * `transaction()` goes through the WebSocket `Pool`, because neon-http has no interactive
 * transactions and throws if asked for one. The rest of the code sees one `Database`.
 */
export function openNeon(url: string, logger?: Logger): DatabaseHandle {
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {});
  const poolDb = drizzleWs({ client: pool, schema, logger });
  const httpDb = drizzleHttp({ client: neon(url), schema, logger });

  const db = Object.assign(httpDb, {
    transaction: poolDb.transaction.bind(poolDb),
  }) as unknown as Database;

  return {
    db,
    driver: 'neon',
    // Through the Pool: the neon-http migrator cannot wrap the migration in a transaction.
    migrate: () => migrate(poolDb, { migrationsFolder }),
    close: () => pool.end(),
  };
}
