import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardCsp } from '../../src/routes/app/policy';
import { createTestApp, type TestApp } from '../support/app';

const indexHtml =
  '<!doctype html><html><head><script type="module" crossorigin src="/app/assets/index-Bx9f3Lq1.js"></script></head><body><div id="root"></div></body></html>';
const script = `console.log(${JSON.stringify('dashboard '.repeat(300))});`;

/** A tiny build in the shape Vite writes: index.html, hashed assets, a public file; a secret beside it. */
async function aDashboardBuild() {
  const root = await mkdtemp(join(tmpdir(), 'loop-dashboard-'));
  const dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), indexHtml);
  await writeFile(join(dist, 'assets', 'index-Bx9f3Lq1.js'), script);
  await writeFile(join(dist, 'assets', 'index-C2d8aa01.css'), 'body{margin:0}');
  await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dist, '.env'), 'LOOP_API_KEY=dotfile-secret');
  await writeFile(join(root, 'secret.txt'), 'outside-secret');
  await symlink(join(root, 'secret.txt'), join(dist, 'linked.txt'));
  return { root, dist };
}

describe('the dashboard at /app/', () => {
  let t: TestApp;
  let build: { root: string; dist: string };

  beforeAll(async () => {
    build = await aDashboardBuild();
    t = await createTestApp({ dashboardDir: build.dist });
  });
  afterAll(async () => {
    await t.close();
    await rm(build.root, { recursive: true, force: true });
  });

  it('serves index.html at /app/ without a key, outside the bearer wall', async () => {
    const response = await t.api.get('/app/', { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.body).toBe(indexHtml);
  });

  it('redirects /app to /app/', async () => {
    const response = await t.app.request('/app');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/app/');
  });

  it.each(['/app/issues', '/app/issues/42', '/app/prompts/tpl_1/versions?from=1&to=2', '/app/triage/'])(
    'answers the page for the client-side route %s, so it can be opened directly',
    async (path) => {
      const response = await t.api.get(path, { key: null });
      expect(response.status).toBe(200);
      expect(response.body).toBe(indexHtml);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves the hashed assets with their types and a year-long immutable cache', async () => {
    const js = await t.api.get('/app/assets/index-Bx9f3Lq1.js', { key: null });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe(script);
    const css = await t.api.get('/app/assets/index-C2d8aa01.css', { key: null });
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates index.html and the unhashed files on every load', async () => {
    for (const path of ['/app/', '/app/index.html', '/app/favicon.svg']) {
      const response = await t.api.get(path, { key: null });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
    expect((await t.api.get('/app/favicon.svg', { key: null })).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers a page revalidation with 304 through its ETag', async () => {
    const first = await t.app.request('/app/');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await t.app.request('/app/', { headers: { 'If-None-Match': tag! } });
    expect(again.status).toBe(304);
  });

  it('gzips the scripts for a browser that accepts it', async () => {
    const response = await t.app.request('/app/assets/index-Bx9f3Lq1.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const plain = await new Response(response.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(plain).toBe(script);
  });

  it('sends the strict Content-Security-Policy on every dashboard response', async () => {
    expect(dashboardCsp).toContain("script-src 'self'");
    expect(dashboardCsp).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const path of ['/app/', '/app/issues/42', '/app/assets/index-Bx9f3Lq1.js', '/app/missing.js']) {
      const response = await t.app.request(path);
      const policy = response.headers.get('content-security-policy');
      expect(policy, path).toBe(dashboardCsp);
      for (const directive of [
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
      ]) {
        expect(policy, path).toContain(directive);
      }
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('answers 404 for a missing file rather than the page in its place', async () => {
    const response = await t.api.get('/app/assets/index-missing.js', { key: null });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: expect.stringContaining('index-missing.js'), code: 'not_found' });
  });

  it.each([
    '/app/..%2fsecret.txt',
    '/app/%2e%2e%2fsecret.txt',
    '/app/assets/..%2f..%2fsecret.txt',
    '/app/..%5csecret.txt',
    '/app/.env',
    '/app/%2eenv',
    '/app/linked.txt',
    '/app/index.html%00.js',
    '/app/%E0%A4%A',
  ])('refuses %s: nothing outside the build, no dotfile, no link out of it', async (path) => {
    const response = await t.app.request(path);
    const text = await response.text();
    expect(response.status).toBe(404);
    expect(text).not.toContain('outside-secret');
    expect(text).not.toContain('dotfile-secret');
  });

  it('keeps plain dot segments from climbing out (the URL parser resolves them inside /app or above it)', async () => {
    for (const path of ['/app/../secret.txt', '/app/assets/../../secret.txt', '/app/%2e%2e/secret.txt']) {
      const response = await t.app.request(`http://loop.test${path}`);
      expect(await response.text(), path).not.toContain('outside-secret');
    }
  });

  it('is not part of the OpenAPI document', async () => {
    const document = (await t.api.get('/api/v1/openapi.json', { key: null })).body;
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/app'))).toEqual([]);
  });
});

describe('the dashboard before it is built', () => {
  it.each([
    ['no build folder was given', undefined],
    ['the folder has no index.html', join(tmpdir(), 'loop-no-such-dashboard-build')],
  ])('answers a clear 503 page when %s, and the API keeps working', async (_case, dashboardDir) => {
    const t = await createTestApp(dashboardDir ? { dashboardDir } : {});
    try {
      for (const path of ['/app/', '/app/issues/42', '/app/assets/index-Bx9f3Lq1.js']) {
        const response = await t.api.get(path, { key: null });
        expect(response.status, path).toBe(503);
        expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
        expect(response.body, path).toContain('npm run build -w @loop/web');
        expect(response.headers.get('content-security-policy'), path).toBe(dashboardCsp);
        expect(response.headers.get('cache-control'), path).toBe('no-store');
      }
      expect((await t.api.get('/api/v1/issues')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
