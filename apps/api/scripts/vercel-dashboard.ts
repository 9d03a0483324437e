import { cp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { dashboardPath } from '../src/routes/app/policy';

/**
 * Copies the dashboard's build to `<publicDir>/app/`, where Vercel's CDN serves it at the URLs Loop's
 * own server uses (`vercel.json` adds the CSP, the caching and the fallback to index.html for deep
 * links). Dotfiles (the build stamp) stay behind. Returns the folder written.
 */
export async function copyDashboard(publicDir: string, distDir: string): Promise<string> {
  const target = join(publicDir, dashboardPath);
  await rm(target, { recursive: true, force: true });
  await cp(distDir, target, { recursive: true, filter: (source) => source === distDir || !basename(source).startsWith('.') });
  return target;
}
