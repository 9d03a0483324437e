import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl, dropDatabase } from '../support/global-setup';
import { createServerDatabase, testDatabaseMode } from '../support/database';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const journal = fileURLToPath(new URL('../../drizzle/meta/_journal.json', import.meta.url));

async function query<T extends pg.QueryResultRow>(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * `npm run db:migrate` exactly as an operator runs it, against an empty database on the test server,
 * through the driver of the mode: node-postgres, or the Neon drivers (LOOP_DB_DRIVER=neon, pointed at the
 * local Neon endpoints) — where the migrations go through the WebSocket Pool, in one transaction.
 */
describe('npm run db:migrate on a real PostgreSQL', () => {
  const { adminUrl, neon } = inject('testServer');
  const mode = testDatabaseMode();
  const name = `loop_migrate_${process.pid}`;
  const url = databaseUrl(adminUrl, name);

  beforeAll(async () => {
    await query(adminUrl, `CREATE DATABASE ${name}`);
  });
  afterAll(() => dropDatabase(adminUrl, name));

  const migrate = () =>
    run('npm', ['run', 'db:migrate'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: url,
        LOOP_DB_DRIVER: mode,
        ...(neon ? { LOOP_NEON_WS_PROXY: neon.wsProxy, LOOP_NEON_FETCH_ENDPOINT: neon.fetchEndpoint } : {}),
      },
    });

  it(`applies every committed migration and the default templates through the ${mode} driver, then is a no-op`, async () => {
    const { stdout } = await migrate();
    expect(stdout).toContain(`Migrations applied (${mode}).`);

    const { entries } = (await import(journal, { with: { type: 'json' } })).default as { entries: unknown[] };
    const applied = await query<{ n: number }>(url, 'select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied[0]!.n).toBe(entries.length);

    // The same schema and start-up data as the suite's template (built by the harness through the same driver).
    const shape = `select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    const templates = 'select slug from prompt_templates order by slug';
    // (Compared with a copy: connecting to the template itself would block other files' CREATE DATABASE.)
    const copy = await createServerDatabase();
    try {
      expect(await query(url, shape)).toEqual(await query(copy.url, shape));
      expect(await query(url, templates)).toEqual(await query(copy.url, templates));
    } finally {
      await copy.handle.close();
    }
    expect((await query(url, templates)).length).toBeGreaterThan(0);

    const again = await migrate();
    expect(again.stdout).toContain(`Migrations applied (${mode}).`);
    const reapplied = await query<{ n: number }>(url, 'select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(reapplied[0]!.n).toBe(entries.length);
  });
});

describe('the test harness in a server mode', () => {
  it('gives each test file its own database on the driver LOOP_TEST_DB names, and drops it on close', async () => {
    const { adminUrl } = inject('testServer');
    const copy = await createServerDatabase();
    expect(copy.handle.driver).toBe(testDatabaseMode());
    const listed = async () =>
      (await query<{ datname: string }>(adminUrl, 'select datname from pg_database')).map((row) => row.datname);
    expect(await listed()).toContain(copy.name);
    await copy.handle.close();
    expect(await listed()).not.toContain(copy.name);
  });
});
