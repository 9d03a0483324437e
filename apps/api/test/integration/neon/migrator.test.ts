import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neon, Pool } from '@neondatabase/serverless';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { migrate as migrateOverHttp } from 'drizzle-orm/neon-http/migrator';
import { drizzle as drizzleWs } from 'drizzle-orm/neon-serverless';
import { migrate as migrateOnPool } from 'drizzle-orm/neon-serverless/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../../src/db/raw-rows';
import { createServerDatabase, type ServerDatabase } from '../../support/database';
import { sql } from 'drizzle-orm';

/** A one-migration folder whose second statement fails after its first has created `table`. */
async function brokenMigration(table: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'loop-broken-migration-'));
  await mkdir(join(folder, 'meta'));
  const entry = { idx: 0, version: '7', when: 1_700_000_000_000, tag: '0000_broken', breakpoints: true };
  await writeFile(join(folder, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [entry] }));
  await writeFile(
    join(folder, '0000_broken.sql'),
    `CREATE TABLE "${table}" ("id" integer);\n--> statement-breakpoint\nCREATE TABLE "${table}" ("id" integer);\n`,
  );
  return folder;
}

/**
 * Why drivers/neon.ts migrates through the WebSocket Pool: drizzle's neon-http migrator sends each
 * statement as its own HTTP request, outside any transaction, so a migration that fails half-way stays
 * half-applied (and unrecorded, so the next run trips over its own first half). On the Pool the
 * migration is one transaction and a failure leaves nothing behind.
 */
describe('migrating through the Neon drivers', () => {
  let server: ServerDatabase;
  const folders: string[] = [];
  beforeAll(async () => {
    server = await createServerDatabase();
  });
  afterAll(async () => {
    await server.handle.close();
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  const exists = async (table: string) =>
    (await rawRows<{ found: string | null }>(server.handle.db, sql`select to_regclass(${table})::text as found`))[0]!.found !== null;

  it('on the Pool (what db:migrate uses): a failing migration leaves nothing behind', async () => {
    const folder = await brokenMigration('pool_half');
    folders.push(folder);
    const pool = new Pool({ connectionString: server.url, max: 1 });
    try {
      const config = { migrationsFolder: folder, migrationsTable: 'pool_trap_migrations' };
      await expect(migrateOnPool(drizzleWs({ client: pool }), config)).rejects.toThrow();
      expect(await exists('pool_half')).toBe(false);
    } finally {
      await pool.end();
    }
  });

  it('over neon-http: the same failure leaves the first half applied and the migration unrecorded', async () => {
    const folder = await brokenMigration('http_half');
    folders.push(folder);
    const db = drizzleHttp({ client: neon(server.url) });
    const config = { migrationsFolder: folder, migrationsTable: 'http_trap_migrations' };
    await expect(migrateOverHttp(db, config)).rejects.toThrow();
    expect(await exists('http_half')).toBe(true);
    const recorded = await rawRows<{ n: number }>(server.handle.db, sql`select count(*)::int as n from drizzle.http_trap_migrations`);
    expect(recorded[0]!.n).toBe(0);
  });
});
