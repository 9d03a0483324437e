import { neon, NeonDbError } from '@neondatabase/serverless';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-http';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNeonLocal } from '../src/index';
import { openScratch, type Scratch, withDatabase } from './support';

const accounts = pgTable('accounts', {
  id: integer('id').primaryKey(),
  email: text('email').notNull().unique('accounts_email_key'),
});

async function failure(promise: Promise<unknown>): Promise<NeonDbError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NeonDbError) return error;
    // drizzle wraps driver errors; the Neon error is the cause.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof NeonDbError) return cause;
    throw error;
  }
  throw new Error('expected the query to fail');
}

describe('SQL over HTTP', () => {
  let scratch: Scratch;
  beforeAll(async () => {
    scratch = await openScratch();
    await scratch.pgPool.query(
      'CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL CONSTRAINT accounts_email_key UNIQUE)',
    );
  });
  afterAll(() => scratch.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(scratch.local.fetchEndpoint, {
      method: 'POST',
      headers: {
        'Neon-Connection-String': scratch.url,
        'Neon-Raw-Text-Output': 'true',
        'Neon-Array-Mode': 'true',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it('answers one query with command, row count, field descriptions and raw text rows', async () => {
    const response = await post({ query: 'select $1::int4 + 1 as n, null::text as nothing, now() as t', params: ['41'] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body).toMatchObject({ command: 'SELECT', rowCount: 1, rowAsArray: true });
    expect(body.fields.map((field: { name: string; dataTypeID: number }) => [field.name, field.dataTypeID])).toEqual([
      ['n', 23],
      ['nothing', 25],
      ['t', 1184],
    ]);
    expect(Object.keys(body.fields[0]).sort()).toEqual(
      ['columnID', 'dataTypeID', 'dataTypeModifier', 'dataTypeSize', 'format', 'name', 'tableID'].sort(),
    );
    const [[n, nothing, t]] = body.rows;
    expect(n).toBe('42');
    expect(nothing).toBeNull();
    expect(t).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+00$/);
  });

  it('answers rows as objects when array mode is off', async () => {
    const response = await post({ query: 'select 1 as a, 2 as b', params: [] }, { 'Neon-Array-Mode': 'false' });
    expect(await response.json()).toMatchObject({ rowAsArray: false, rows: [{ a: '1', b: '2' }] });
  });

  it('reports a unique violation as 400 with its SQLSTATE, constraint and table', async () => {
    const db = drizzle({ client: neon(scratch.url) });
    await db.insert(accounts).values({ id: 1, email: 'a@example.com' });
    const error = await failure(db.insert(accounts).values({ id: 2, email: 'a@example.com' }));
    expect(error).toMatchObject({
      code: '23505',
      constraint: 'accounts_email_key',
      table: 'accounts',
      schema: 'public',
      severity: 'ERROR',
      detail: 'Key (email)=(a@example.com) already exists.',
    });
    expect(await db.select().from(accounts).where(eq(accounts.id, 2))).toEqual([]);
  });

  it('runs a batch in one transaction and rolls all of it back when one query fails', async () => {
    const sql = neon(scratch.url);
    const error = await failure(
      sql.transaction([
        sql`insert into accounts (id, email) values (10, 'b@example.com')`,
        sql`insert into accounts (id, email) values (11, 'c@example.com')`,
        sql`insert into accounts (id, email) values (10, 'd@example.com')`,
      ]),
    );
    expect(error.code).toBe('23505');
    expect(error.constraint).toBe('accounts_pkey');
    expect(await sql`select id from accounts where id >= 10`).toEqual([]);

    const results = await sql.transaction([
      sql`insert into accounts (id, email) values (10, 'b@example.com') returning id`,
      sql`select count(*)::int as n from accounts where id >= 10`,
    ]);
    expect(results).toEqual([[{ id: 10 }], [{ n: 1 }]]);
  });

  it('applies the batch isolation level, read-only and deferrable headers', async () => {
    const sql = neon(scratch.url);
    const [rows] = await sql.transaction(
      [sql`select current_setting('transaction_isolation') as isolation, current_setting('transaction_read_only') as ro, current_setting('transaction_deferrable') as deferrable`],
      { isolationLevel: 'Serializable', readOnly: true, deferrable: true },
    );
    expect(rows).toEqual([{ isolation: 'serializable', ro: 'on', deferrable: 'on' }]);

    const readOnly = await failure(
      sql.transaction([sql`insert into accounts (id, email) values (20, 'ro@example.com')`], { readOnly: true }),
    );
    expect(readOnly.code).toBe('25006');
  });

  it('refuses more than one statement in a query, as Neon does', async () => {
    const error = await failure(neon(scratch.url).query('select 1; select 2'));
    expect(error.code).toBe('42601');
  });

  it('answers a connection failure with a 5xx, which the driver reports as a server error', async () => {
    // An allowed target with nothing listening: the endpoint cannot reach the database.
    const local = await startNeonLocal({ targets: ['127.0.0.1:1'] });
    try {
      const response = await fetch(local.fetchEndpoint, {
        method: 'POST',
        headers: {
          'Neon-Connection-String': 'postgresql://u:p@127.0.0.1:1/db',
          'Neon-Raw-Text-Output': 'true',
          'Neon-Array-Mode': 'true',
        },
        body: JSON.stringify({ query: 'select 1', params: [] }),
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as any).message).toMatch(/Could not connect/);
    } finally {
      await local.close();
    }
  });

  it('refuses a database server it was not started for', async () => {
    const elsewhere = withDatabase('postgres://u:p@127.0.0.2:5432/x', 'x');
    const response = await post({ query: 'select 1', params: [] }, { 'Neon-Connection-String': elsewhere });
    expect(response.status).toBe(403);
  });

  it('rejects a request that is not the Neon protocol', async () => {
    expect((await post({ query: 'select 1' }, { 'Neon-Raw-Text-Output': 'false' })).status).toBe(400);
    expect((await post({ sql: 'select 1' })).status).toBe(400);
    expect((await post({ query: 'select 1', params: [] }, { 'Neon-Batch-Isolation-Level': 'Chaos' })).status).toBe(200);
    expect((await post({ queries: [] }, { 'Neon-Batch-Isolation-Level': 'Chaos' })).status).toBe(400);
    const noHeader = await fetch(scratch.local.fetchEndpoint, { method: 'POST', body: '{"query":"select 1"}' });
    expect(noHeader.status).toBe(400);
    expect((await fetch(scratch.local.fetchEndpoint)).status).toBe(405);
  });
});
