import type { DatabaseDriver } from './database';

export interface DriverSettings {
  DATABASE_URL?: string | undefined;
  LOOP_DB_DRIVER?: DatabaseDriver | undefined;
}

/**
 * No URL → embedded PGLite; a Neon host (or `LOOP_DB_DRIVER=neon`) → the Neon drivers;
 * any other URL → node-postgres. An explicit `LOOP_DB_DRIVER` wins so that a Neon database behind
 * a custom domain, or a local Neon-protocol endpoint in tests, can still use the Neon drivers.
 */
export function selectDriver({ DATABASE_URL, LOOP_DB_DRIVER }: DriverSettings): DatabaseDriver {
  if (LOOP_DB_DRIVER) {
    if (LOOP_DB_DRIVER !== 'pglite' && !DATABASE_URL) {
      throw new Error(`LOOP_DB_DRIVER=${LOOP_DB_DRIVER} needs DATABASE_URL`);
    }
    return LOOP_DB_DRIVER;
  }
  if (!DATABASE_URL) return 'pglite';
  const host = new URL(DATABASE_URL).hostname;
  return host === 'neon.tech' || host.endsWith('.neon.tech') ? 'neon' : 'postgres';
}
