import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { copyDocsAssets } from '../src/routes/docs/assets';
import { bundleFunction } from './vercel-function';

// `npm run vercel-build`: Vercel's build step for apps/api (docs/deploy.md).
//   1. apply the migrations to DATABASE_URL (the functions never migrate at run time);
//   2. bundle the function entry (see vercel-function.ts);
//   3. copy the API reference's scripts to public/, which Vercel serves from its CDN.
// Any failure stops the build, so a deployment never runs against an unmigrated database.

if (!process.env.DATABASE_URL?.trim()) {
  console.error(
    'vercel-build: DATABASE_URL is not set. Set it in the Vercel project (Settings → Environment Variables) for this ' +
      'environment; the build applies the migrations to it.',
  );
  process.exit(1);
}

const migrate = spawnSync('npm', ['run', 'db:migrate'], { stdio: 'inherit', cwd: fileURLToPath(new URL('..', import.meta.url)) });
if (migrate.status !== 0) {
  console.error('vercel-build: the migrations failed; nothing was deployed.');
  process.exit(migrate.status ?? 1);
}

const entry = await bundleFunction();
console.log(`vercel-build: bundled the function into ${entry}`);

const copied = await copyDocsAssets(fileURLToPath(new URL('../public', import.meta.url)));
console.log(`vercel-build: copied ${copied.length} API reference assets to public/docs/assets/`);
