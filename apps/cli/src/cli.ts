import { main } from './main';

// The bundle's entry (scripts/build.mjs): the process's arguments in, its exit code out.
process.exitCode = await main(process.argv.slice(2));
