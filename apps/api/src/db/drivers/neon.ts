import { neon, neonConfig } from '@neondatabase/serverless';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { onFirstUse } from '../../on-first-use';
import type { Database, DatabaseHandle } from '../database';
import * as schema from '../schema';
import type { NeonPool } from './neon-pool';

/**
 * Neon: plain queries go over HTTP (one round trip each, no connection to keep), while
 * `transaction()` goes through the WebSocket `Pool`, because neon-http has no interactive
 * transactions and throws if asked for one. The rest of the code sees one `Database`.
 *
 * The Pool's module (`ws`, its drizzle session, the migrator) is imported by the first transaction or
 * migration (ADR 0044): a cold function whose first requests only go over HTTP does not load it. A
 * failed import is tried again by the next transaction.
 */
export function openNeon(url: string, logger?: Logger): DatabaseHandle {
  useLocalNeonEndpoints(process.env);
  const httpDb = drizzleHttp({ client: neon(url), schema, logger });

  let closed = false;
  let asked = false;
  const openPool = onFirstUse(async () => (await import('./neon-pool')).openNeonPool(url, logger));
  const pool = () => {
    if (closed) return Promise.reject(new Error('the Neon database is closed'));
    asked = true;
    return openPool();
  };
  const transaction: NeonPool['db']['transaction'] = async (run, config) => (await pool()).db.transaction(run, config);

  const db = Object.assign(httpDb, { transaction }) as unknown as Database;

  return {
    db,
    driver: 'neon',
    // Through the Pool: the neon-http migrator cannot wrap the migration in a transaction.
    migrate: async () => (await pool()).migrate(),
    close: async () => {
      closed = true;
      // Only a pool that was asked for can be open.
      if (asked) await (await openPool().catch(() => undefined))?.close();
    },
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
