import { fileURLToPath } from 'node:url';
import type { Logger } from 'drizzle-orm/logger';
import type { DatabaseHandle } from './database';
import { type DriverSettings, selectDriver } from './select-driver';

export interface DatabaseSettings extends DriverSettings {
  LOOP_DATA_DIR?: string | undefined;
}

/** Where the embedded database lives when neither DATABASE_URL nor LOOP_DATA_DIR is set (git-ignored). */
export const defaultDataDir = fileURLToPath(new URL('../../.loop-data', import.meta.url));

/** The folder the embedded database uses under these settings. */
export function pgliteDataDir(settings: DatabaseSettings): string {
  return settings.LOOP_DATA_DIR ?? defaultDataDir;
}

/** Builds the database from the environment. Only this module (and the entries) know the driver. */
export async function openDatabase(settings: DatabaseSettings, logger?: Logger): Promise<DatabaseHandle> {
  const driver = selectDriver(settings);
  switch (driver) {
    case 'pglite': {
      const { openPglite } = await import('./drivers/pglite');
      return openPglite(pgliteDataDir(settings), logger);
    }
    case 'postgres': {
      const { openPostgres } = await import('./drivers/postgres');
      return openPostgres(settings.DATABASE_URL!, logger);
    }
    case 'neon': {
      const { openNeon } = await import('./drivers/neon');
      return openNeon(settings.DATABASE_URL!, logger);
    }
  }
}
