import { fileURLToPath } from 'node:url';

/** The committed drizzle-kit migrations (the `out` folder of the root drizzle.config.ts). */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
