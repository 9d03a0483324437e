import { loadEnvOrExit } from '../load-env';
import { openDatabase } from './open-database';
import { prepareDatabase } from './prepare';

// `npm run db:migrate`: applies the committed migrations (and start-up data) with whichever driver
// DATABASE_URL selects.
const env = loadEnvOrExit();
const handle = await openDatabase(env);
try {
  await prepareDatabase(handle);
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}
