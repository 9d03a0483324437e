import { loadEnvOrExit } from '../load-env';
import { exitOnStartupError } from '../start-up/error';
import { openDatabaseExclusively } from '../start-up/open-database';
import { prepareDatabase } from './prepare';

// `npm run db:migrate`: applies the committed migrations (and start-up data) with whichever driver
// DATABASE_URL selects, under the migration lock (a server starting meanwhile waits its turn).
const env = loadEnvOrExit();
const handle = await exitOnStartupError(() => openDatabaseExclusively(env));
try {
  await prepareDatabase(handle);
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}
