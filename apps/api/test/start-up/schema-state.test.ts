import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { committedMigrations, compareSchema, readSchemaStatus } from '../../src/db/schema-state';
import { createTestDatabase } from '../support/database';

describe('compareSchema (the last applied migration against the committed ones)', () => {
  const committed = [100, 200, 300];

  it('is current when the last applied migration is the last committed one', () => {
    expect(compareSchema(300, committed)).toEqual({ state: 'current', pending: 0 });
  });

  it('is behind, counting what is missing, when committed migrations are newer than the last applied', () => {
    expect(compareSchema(100, committed)).toEqual({ state: 'behind', pending: 2 });
    expect(compareSchema(undefined, committed)).toEqual({ state: 'behind', pending: 3 });
  });

  it('is ahead when the database has a migration newer than every committed one', () => {
    expect(compareSchema(400, committed)).toEqual({ state: 'ahead', pending: 0 });
  });

  it('judges by the journal committed with this code', () => {
    expect(committedMigrations.length).toBeGreaterThan(0);
    expect(compareSchema(committedMigrations.at(-1))).toEqual({ state: 'current', pending: 0 });
  });
});

describe('readSchemaStatus (drizzle’s record of applied migrations)', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(() => handle?.close());

  it('finds a migrated database current, and behind by as many migrations as its record lacks', async () => {
    handle = await createTestDatabase();
    expect(await readSchemaStatus(handle.db)).toEqual({ state: 'current', pending: 0 });

    await handle.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at >= ${committedMigrations.at(-2)}`);
    expect(await readSchemaStatus(handle.db)).toEqual({ state: 'behind', pending: 2 });
  });

  it('finds a database never migrated (no drizzle schema at all) behind by every migration, without failing', async () => {
    handle = await createTestDatabase();
    await handle.db.execute(sql`drop schema drizzle cascade`);
    expect(await readSchemaStatus(handle.db)).toEqual({ state: 'behind', pending: committedMigrations.length });
  });
});
