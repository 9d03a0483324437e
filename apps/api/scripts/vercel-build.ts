import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { viteBuild } from '../src/dashboard-build';
import { copyDocsAssets } from '../src/routes/docs/assets';
import { copyDashboard } from './vercel-dashboard';
import { bundleFunction } from './vercel-function';

// `npm run vercel-build`: Vercel's build step for apps/api (docs/deploy.md).
//   1. apply the migrations to DATABASE_URL (the functions never migrate at run time);
//   2. bundle the function entry (see vercel-function.ts);
//   3. copy the API reference's scripts to public/, which Vercel serves from its CDN;
//   4. build the web dashboard (apps/web) and copy it to public/app/, for the CDN as well.
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

const publicDir = fileURLToPath(new URL('../public', import.meta.url));
const copied = await copyDocsAssets(publicDir);
console.log(`vercel-build: copied ${copied.length} API reference assets to public/docs/assets/`);

await viteBuild().catch((error: Error) => {
  console.error(`vercel-build: the dashboard's build failed:\n${error.message}`);
  process.exit(1);
});
const dashboard = await copyDashboard(publicDir, fileURLToPath(new URL('../../web/dist', import.meta.url)));
console.log(`vercel-build: built the dashboard and copied it to ${dashboard}`);
