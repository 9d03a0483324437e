import type { Database } from '../db/database';
import type { ApiKeyRole } from '../db/schema';
import type { Env } from '../env';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What every handler finds on the context (`c.var`): the app's dependencies, never module globals. */
export interface AppVariables {
  db: Database;
  env: Env;
  clock: Clock;
  /** The API key that authenticated the request; `root` for the environment's LOOP_API_KEY. */
  apiKeyId?: string;
  /** That key's role; `/api-keys` requires `admin` (`middleware/require-role.ts`). */
  apiKeyRole?: ApiKeyRole;
}

export interface AppEnv {
  Variables: AppVariables;
}
