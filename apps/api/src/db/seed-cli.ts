import { loadEnvOrExit } from '../load-env';
import { exitOnStartupError } from '../start-up/error';
import { openDatabaseExclusively } from '../start-up/open-database';
import { prepareDatabase } from './prepare';
import { seedDatabase } from './seed';

// `npm run db:seed`: brings the database of the environment (same driver selection as the server) up
// to date, then adds the development data set. Safe to run again: existing seed projects are skipped.
const env = loadEnvOrExit();
const handle = await exitOnStartupError(() => openDatabaseExclusively(env));
try {
  await prepareDatabase(handle);
  const { created, skipped } = await seedDatabase(handle.db, { now: new Date() });
  const summary = Object.entries(created)
    .map(([table, count]) => `${count} ${table}`)
    .join(', ');
  console.log(`Seeded (${handle.driver}): ${summary}.`);
  if (skipped.length > 0) console.log(`Already present, left unchanged: ${skipped.join(', ')}.`);
} finally {
  await handle.close();
}
