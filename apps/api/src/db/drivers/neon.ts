import { neon, neonConfig, Pool, type PoolClient } from '@neondatabase/serverless';
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
  useLocalNeonEndpoints(process.env);
  const pool = new Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5_000 });
  // Dropped connections, idle or checked out, must not crash the process (see drivers/postgres.ts).
  pool.on('error', () => {});
  pool.on('connect', (client: PoolClient) => client.on('error', () => {}));
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

/**
 * Test-only: the integration suite (`npm run test:pg`, docs/testing.md) serves Neon's protocols locally
 * with packages/neon-local in front of a plain PostgreSQL, and points the driver at it with these two
 * variables. Production never sets them, so there the driver talks to Neon exactly as shipped.
 *
 * - `LOOP_NEON_WS_PROXY`: `host:port/v2` of the local WebSocket relay (the driver appends
 *   `?address=<db host>:<db port>`). Plain ws:// because the local relay has no TLS, and no pipelined
 *   start-up because that assumes cleartext password auth, which a local PostgreSQL does not use.
 * - `LOOP_NEON_FETCH_ENDPOINT`: the local SQL-over-HTTP URL (`http://host:port/sql`).
 */
function useLocalNeonEndpoints(env: Record<string, string | undefined>): void {
  const wsProxy = env.LOOP_NEON_WS_PROXY?.trim();
  const fetchEndpoint = env.LOOP_NEON_FETCH_ENDPOINT?.trim();
  if (wsProxy) {
    neonConfig.wsProxy = wsProxy;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  if (fetchEndpoint) neonConfig.fetchEndpoint = fetchEndpoint;
}
