import type { Database, DatabaseDriver } from './database';
import { selectDriver, type DriverSettings } from './select-driver';

/** The serverless entry's database: its driver is known at once, and loaded by the first request that needs it. */
export interface RemoteDatabase {
  driver: Exclude<DatabaseDriver, 'pglite'>;
  /** The database, its driver's modules imported on the first call; a failed import is tried again on the next. */
  db: () => Promise<Database>;
  /** Ends the pools, when a request has opened them. */
  close: () => Promise<void>;
}

/**
 * The Vercel entry's database (ADR 0038): synchronous, so the entry needs no top-level await, and
 * without loading any driver. A cold function imports only the driver its URL selects (node-postgres or
 * Neon's), on its first request; never the embedded PGLite engine, which a function cannot use.
 */
export function openRemoteDatabase(settings: DriverSettings): RemoteDatabase {
  const driver = selectDriver(settings);
  const url = settings.DATABASE_URL;
  if (driver === 'pglite' || !url) {
    throw new Error('DATABASE_URL must be set for a serverless deployment (the embedded database needs a disk)');
  }
  let opening: ReturnType<typeof open> | undefined;
  async function open() {
    if (driver === 'neon') return (await import('./drivers/neon')).openNeon(url!);
    return (await import('./drivers/postgres')).openPostgres(url!);
  }
  const handle = () =>
    (opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  return {
    driver,
    db: async () => (await handle()).db,
    close: async () => {
      const opened = await opening?.catch(() => undefined);
      await opened?.close();
    },
  };
}
