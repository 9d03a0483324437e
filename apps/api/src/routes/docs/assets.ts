import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** URL prefix of the reference page's script bundle, served by this app (never a CDN). */
export const docsAssetsPrefix = '/docs/assets/';

/** The ESM entry of Scalar's browser build; it imports its chunks relative to its own URL. */
export const scalarEntry = 'standalone.esm.js';

/**
 * `@scalar/api-reference` ships its browser build in `dist/browser`, outside its `exports`, so the
 * folder is found from the package's resolved entry rather than imported.
 */
export function scalarBrowserDir(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return join(dirname(entry), 'browser');
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
  if (!isServableAsset(name)) return undefined;
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
