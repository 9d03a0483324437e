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
    // No JIT: it pays off on long analytical queries, while a request's statements are short, so
    // compiling one (whenever the planner's estimate crosses jit_above_cost) costs more than running it.
    // Generic plans: a named statement is planned once per connection rather than for each call's
    // values; the hot queries are index-shaped by design, so one plan serves every value
    // (measured: docs/benchmarks.md).
    // No parallel workers: a generic plan costs `limit $n` as a tenth of the table, so on a large table
    // the planner starts two workers to read a 50-row page, and starting them costs many times the
    // page itself; ten connections doing so at once would ask for twenty workers from two cores.
    options: '-c jit=off -c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0',
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
