import type { Logger } from 'drizzle-orm/logger';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { DatabaseHandle } from '../database';
import { migrationsFolder } from '../migrations-folder';
import * as schema from '../schema';
import { nameStatementsOf, StatementNames } from './named-statements';

/** Self-hosted PostgreSQL through node-postgres. Bounded timeouts: an outage answers, never hangs. */
export function openPostgres(url: string, logger?: Logger): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
    // JIT compilation is for long analytical queries: on the claim it cost ~250 ms per statement
    // (compiling a plan that then runs in ~10 ms) whenever the planner's estimate crossed jit_above_cost.
    // Generic plans: a named statement is planned once per connection instead of re-planned for its
    // values on every call (the claim's plan took ~4 ms a call); its plan is index-shaped by design
    // (docs/benchmarks.md: +50 % claims/s, +10 % list).
    options: '-c jit=off -c plan_cache_mode=force_generic_plan',
  });
  // A dropped idle connection must not crash the process; the pool replaces it on next use.
  pool.on('error', () => {});
  // Nor may one dropped while checked out (mid-transaction): the pool listens only to idle clients, and
  // an 'error' event nobody listens to is thrown. The running query still rejects, and answers 503.
  pool.on('connect', (client) => client.on('error', () => {}));
  // Parse and plan each distinct query once per connection (named-statements.ts).
  const statementNames = new StatementNames();
  pool.on('connect', (client) => nameStatementsOf(client, statementNames));
  const db = drizzle({ client: pool, schema, logger });
  return {
    db,
    driver: 'postgres',
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => pool.end(),
  };
}
