import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** URL prefix of the reference page's script bundle, served by this app (never a CDN). */
export const docsAssetsPrefix = '/docs/assets/';

/** The ESM entry of Scalar's browser build; it imports its chunks relative to its own URL. */
export const scalarEntry = 'standalone.esm.js';

const scalarPackage = join('node_modules', '@scalar', 'api-reference');

/**
 * `@scalar/api-reference` ships its browser build in `dist/browser`, outside its `exports`, so it
 * cannot be resolved as a module: the folder is looked up the way Node finds packages, in the
 * `node_modules` of each folder above this one. (Deliberately not `require.resolve`: Vercel's file
 * tracer would then pull the package's whole Vue dependency tree into the function, which never
 * serves these files there — the build copies them to the CDN, see `copyDocsAssets`.)
 */
export function scalarBrowserDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, scalarPackage, 'dist', 'browser');
    if (existsSync(join(candidate, scalarEntry))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Only the entry and its chunks are served, named by a strict pattern: no other file of the package,
 * no source maps, and no way to climb out of the folder (`..`, `/` and `%` cannot match).
 */
const servable = /^(standalone\.esm\.js|chunks\/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.js)$/;

export function isServableAsset(name: string): boolean {
  return servable.test(name) && !name.includes('..');
}

/** The asset's bytes, or undefined when the name is not servable or the file is missing. */
export async function readAsset(name: string, dir = scalarBrowserDir()): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!isServableAsset(name) || !dir) return undefined;
  try {
    return await readFile(join(dir, name));
  } catch {
    return undefined;
  }
}

/**
 * Chunk names carry a content hash, so a chunk never changes under its URL and can be cached for good;
 * the entry keeps its name across Scalar upgrades, so it is revalidated after an hour.
 */
export function assetCacheControl(name: string): string {
  return name.startsWith('chunks/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
}

/**
 * Copies every servable asset to `<publicDir>/docs/assets/`, where a static host (Vercel's CDN) serves
 * them at the same URLs this app does. Returns the names copied.
 */
export async function copyDocsAssets(publicDir: string, from = scalarBrowserDir()): Promise<string[]> {
  if (!from) throw new Error('@scalar/api-reference is not installed: run npm install');
  const names = [scalarEntry, ...(await readdir(join(from, 'chunks'))).map((file) => `chunks/${file}`)].filter(isServableAsset);
  const target = join(publicDir, docsAssetsPrefix);
  await mkdir(join(target, 'chunks'), { recursive: true });
  await Promise.all(names.map((name) => copyFile(join(from, name), join(target, name))));
  return names;
}
