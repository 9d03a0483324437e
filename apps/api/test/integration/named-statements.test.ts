import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { nameStatementsOf, StatementNames } from '../../src/db/drivers/named-statements';
import { openPostgres } from '../../src/db/drivers/postgres';
import { rawRows } from '../../src/db/raw-rows';
import { createServerDatabase, type ServerDatabase } from '../support/database';

const preparedOnThisConnection = sql`select name, statement from pg_prepared_statements order by statement`;

/** Server-side prepared statements and session settings of the node-postgres driver (drivers/postgres.ts, named-statements.ts). */
describe('node-postgres named statements', () => {
  let server: ServerDatabase;
  let postgres: DatabaseHandle;
  beforeAll(async () => {
    server = await createServerDatabase();
    postgres = openPostgres(server.url);
  });
  afterAll(async () => {
    await postgres.close();
    await server.handle.close();
  });

  it('the driver prepares a parameterised query once on its connection and runs it again by name', async () => {
    for (const value of [1, 2, 3]) {
      const [row] = await rawRows<{ n: number }>(postgres.db, sql`select ${value}::int + 1 as n`);
      expect(row?.n).toBe(value + 1);
    }
    // Sequential queries reuse the pool's most recently idle connection, so this reads the same session.
    const prepared = await rawRows<{ name: string; statement: string }>(postgres.db, preparedOnThisConnection);
    expect(prepared.filter((row) => row.statement === 'select $1::int + 1 as n')).toEqual([
      { name: expect.stringMatching(/^loop_[\w-]{27}$/), statement: 'select $1::int + 1 as n' },
    ]);
  });

  it('its connections plan each statement once (generic plans) and never JIT-compile', async () => {
    // `source = client`: set by the driver's connection, not inherited from the test cluster's own configuration.
    const settings = await rawRows<{ name: string; setting: string; source: string }>(
      postgres.db,
      sql`select name, setting, source from pg_settings where name in ('jit', 'plan_cache_mode') order by name`,
    );
    expect(settings).toEqual([
      { name: 'jit', setting: 'off', source: 'client' },
      { name: 'plan_cache_mode', setting: 'force_generic_plan', source: 'client' },
    ]);
  });

  it('leaves queries without parameters unnamed (they may hold several statements), and stops naming at the cap', async () => {
    const client = new pg.Client({ connectionString: server.url, options: '-c jit=off' });
    await client.connect();
    try {
      nameStatementsOf(client, new StatementNames(1));
      await client.query('select 1; select 2');
      await client.query({ text: 'select $1::text as first' }, ['a']);
      const second = await client.query('select $1::text as second', ['b']);
      expect(second.rows).toEqual([{ second: 'b' }]);

      const { rows } = await client.query<{ statement: string }>('select statement from pg_prepared_statements');
      expect(rows).toEqual([{ statement: 'select $1::text as first' }]);
    } finally {
      await client.end();
    }
  });
});
