import { neonConfig, Pool, type PoolClient } from '@neondatabase/serverless';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import ws from 'ws';
import { migrationsFolder } from '../migrations-folder';
import * as schema from '../schema';

export interface NeonPool {
  db: NeonDatabase<typeof schema>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Neon's WebSocket `Pool`, for what neon-http cannot do: interactive transactions and the migration
 * (one transaction). drivers/neon.ts imports this module on the first of them (ADR 0044), so a request
 * that only reads and writes over HTTP never loads `ws` nor the pool's drizzle session and migrator.
 */
export function openNeonPool(url: string, logger?: Logger): NeonPool {
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5_000 });
  // Dropped connections, idle or checked out, must not crash the process (see drivers/postgres.ts).
  pool.on('error', () => {});
  pool.on('connect', (client: PoolClient) => client.on('error', () => {}));
  const db = drizzle({ client: pool, schema, logger });
  return {
    db,
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => pool.end(),
  };
}
