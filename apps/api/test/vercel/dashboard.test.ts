import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viteBuild } from '../../src/dashboard-build';
import { dashboardHeaders, hashedAssetsCacheControl, pageCacheControl } from '../../src/routes/app/policy';
import { copyDashboard } from '../../scripts/vercel-dashboard';

const appDir = fileURLToPath(new URL('../../', import.meta.url));
const config = JSON.parse(readFileSync(join(appDir, 'vercel.json'), 'utf8')) as {
  redirects: { source: string; destination: string }[];
  rewrites: { source: string; destination: string }[];
  headers: { source: string; headers: { key: string; value: string }[] }[];
};

/** A vercel.json source without named parameters, as the regular expression Vercel matches it with. */
const matches = (source: string, path: string) => new RegExp(`^${source}$`).test(path);

/** Every header Vercel would send for a request path: each rule whose source matches, in order. */
function vercelHeaders(path: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of config.headers) {
    if (matches(rule.source, path)) for (const { key, value } of rule.headers) headers[key] = value;
  }
  return headers;
}

describe('the dashboard on Vercel (vercel.json)', () => {
  it('sends the CSP and the other dashboard headers Loop’s own server sends, on every dashboard path', () => {
    for (const path of ['/app/', '/app/index.html', '/app/issues/42', '/app/assets/index-Bx9f3Lq1.js']) {
      expect(vercelHeaders(path), path).toMatchObject(dashboardHeaders);
    }
  });

  it('caches the hashed assets for good and revalidates the page', () => {
    expect(vercelHeaders('/app/assets/index-Bx9f3Lq1.js')['Cache-Control']).toBe(hashedAssetsCacheControl);
    for (const path of ['/app/', '/app/index.html', '/app/issues/42']) {
      expect(vercelHeaders(path)['Cache-Control'], path).toBe(pageCacheControl);
    }
  });

  it('redirects /app to /app/ and answers index.html for client-side routes, never for a missing asset', () => {
    expect(config.redirects).toContainEqual(expect.objectContaining({ source: '/app', destination: '/app/' }));
    const [fallback] = config.rewrites.filter((rule) => rule.destination === '/app/index.html');
    for (const path of ['/app/', '/app/issues/42', '/app/prompts/abc']) expect(matches(fallback!.source, path), path).toBe(true);
    expect(matches(fallback!.source, '/app/assets/index-missing.js')).toBe(false);
    expect(config.rewrites.filter((rule) => matches(rule.source, '/api/v1/issues'))).toEqual([]);
  });
});

describe('the dashboard’s build for the CDN (npm run vercel-build)', () => {
  let workDir: string;
  let publicDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'loop-vercel-dashboard-'));
    publicDir = join(workDir, 'public');
    // The real build of apps/web, into a folder of its own.
    await viteBuild(join(workDir, 'dist'));
    await writeFile(join(workDir, 'dist', '.loop-build-stamp'), 'hash');
    await mkdir(join(publicDir, 'app'), { recursive: true });
    await writeFile(join(publicDir, 'app', 'stale-from-last-build.js'), '');
    await copyDashboard(publicDir, join(workDir, 'dist'));
  }, 120_000);
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('puts index.html and every file it names under public/app/, and nothing else', async () => {
    const html = await readFile(join(publicDir, 'app', 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(referenced.length).toBeGreaterThan(0);
    for (const url of referenced) {
      expect(url, url).toMatch(/^\/app\//);
      expect(existsSync(join(publicDir, url)), url).toBe(true);
    }
    const top = await readdir(join(publicDir, 'app'));
    expect(top).not.toContain('.loop-build-stamp');
    expect(top).not.toContain('stale-from-last-build.js');
  });

  it('keeps to the CSP: no inline script, style or event handler in the page', async () => {
    const html = await readFile(join(publicDir, 'app', 'index.html'), 'utf8');
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(tag).toMatch(/^<script\b[^>]*\bsrc="[^"]+"[^>]*><\/script>$/);
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });
});
