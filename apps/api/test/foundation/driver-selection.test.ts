import { describe, expect, it } from 'vitest';
import { selectDriver } from '../../src/db/select-driver';

describe('database driver selection', () => {
  it.each([
    [{}, 'pglite'],
    [{ DATABASE_URL: 'postgres://loop:pw@localhost:5432/loop' }, 'postgres'],
    [{ DATABASE_URL: 'postgresql://loop@db.internal/loop' }, 'postgres'],
    [{ DATABASE_URL: 'postgresql://u:p@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require' }, 'neon'],
    [{ DATABASE_URL: 'postgresql://u:p@ep-x-pooler.eu-central-1.aws.neon.tech/db' }, 'neon'],
    [{ DATABASE_URL: 'postgres://u:p@notneon.tech.example.com/db' }, 'postgres'],
    [{ DATABASE_URL: 'postgres://u:p@localhost/db', LOOP_DB_DRIVER: 'neon' as const }, 'neon'],
    [{ DATABASE_URL: 'postgres://u:p@x.neon.tech/db', LOOP_DB_DRIVER: 'postgres' as const }, 'postgres'],
    [{ LOOP_DB_DRIVER: 'pglite' as const }, 'pglite'],
  ])('%j → %s', (settings, driver) => {
    expect(selectDriver(settings)).toBe(driver);
  });

  it('refuses an explicit server driver without a URL', () => {
    expect(() => selectDriver({ LOOP_DB_DRIVER: 'postgres' })).toThrow(/needs DATABASE_URL/);
  });
});
