import { EnvError, type Env, parseEnv } from './env';

/** For entries: validate the environment or stop with one line per problem. */
export function loadEnvOrExit(raw: NodeJS.ProcessEnv = process.env): Env {
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
