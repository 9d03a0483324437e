import type { DatabaseHandle } from './database';
import { openNeon } from './drivers/neon';
import { openPostgres } from './drivers/postgres';
import { selectDriver, type DriverSettings } from './select-driver';

/**
 * The serverless entry's database: synchronous (no top-level await in the function bundle) and
 * without the embedded PGLite engine, which a function never uses.
 */
export function openRemoteDatabase(settings: DriverSettings): DatabaseHandle {
  const driver = selectDriver(settings);
  if (driver === 'pglite' || !settings.DATABASE_URL) {
    throw new Error('DATABASE_URL must be set for a serverless deployment (the embedded database needs a disk)');
  }
  return driver === 'neon' ? openNeon(settings.DATABASE_URL) : openPostgres(settings.DATABASE_URL);
}
