import type { DatabaseHandle } from '../db/database';
import { type DatabaseSettings, openDatabase, pgliteDataDir } from '../db/open-database';
import { selectDriver } from '../db/select-driver';
import { lockDataDir } from './data-dir-lock';

/**
 * `openDatabase` for the entries that run as their own process (the server, db:migrate, db:seed): the
 * embedded database's folder is locked first, and unlocked when the handle closes.
 */
export async function openDatabaseExclusively(settings: DatabaseSettings): Promise<DatabaseHandle> {
  if (selectDriver(settings) !== 'pglite') return openDatabase(settings);
  const lock = lockDataDir(pgliteDataDir(settings));
  try {
    const handle = await openDatabase(settings);
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
