import type { Database } from './db/database';
import { countApiKeys, createApiKey } from './domain/api-keys/service';
import type { Env } from './env';

/**
 * A newcomer on the embedded database with no key configured gets one on first start, printed once,
 * so the API is usable immediately. Never on a shared database, and never a second time.
 */
export async function ensureFirstRunKey(db: Database, env: Env): Promise<string | undefined> {
  if (env.LOOP_API_KEY) return undefined;
  if ((await countApiKeys(db)) > 0) return undefined;
  const { key } = await createApiKey(db, { name: 'first-run key' });
  return key;
}
