import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvError, type Env, parseEnv } from './env';

/** `apps/api/.env`, when present, fills variables the shell did not set (the shell wins). */
const dotenvPath = fileURLToPath(new URL('../.env', import.meta.url));

/** For entries: validate the environment or stop with one line per problem. */
export function loadEnvOrExit(raw: NodeJS.ProcessEnv = process.env): Env {
  if (raw === process.env && existsSync(dotenvPath)) process.loadEnvFile(dotenvPath);
  try {
    return parseEnv(raw);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
