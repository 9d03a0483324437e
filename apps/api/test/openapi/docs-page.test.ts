import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServableAsset } from '../../src/routes/docs/assets';
import { createTestApp, type TestApp } from '../support/app';

// The page itself renders in a browser (test/browser, `npm run test:browser`); these check what the
// server sends, fast enough for every `npm test`.

describe('GET /docs', () => {
  let t: TestApp;
  let html: string;

  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.api.get('/docs', { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    html = response.body;
  });
  afterAll(() => t.close());

  it('loads the reference from this server: its own bundle and its own document, no CDN', () => {
    expect(html).toContain(`import { createApiReference } from '/docs/assets/standalone.esm.js'`);
    expect(html).toContain('"url": "/api/v1/openapi.json"');
    // No absolute URL at all: nothing the page loads can come from another host.
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('turns off what would call out: web fonts, telemetry, the AI agent and the MCP link', () => {
    expect(html).toContain('"withDefaultFonts": false');
    expect(html).toContain('"telemetry": false');
    expect(html).toMatch(/"agent": \{\s*"disabled": true\s*\}/);
    expect(html).toMatch(/"mcp": \{\s*"disabled": true\s*\}/);
  });

  it('needs no key and keeps the security headers', async () => {
    const response = await t.api.get('/docs', { key: 'loop_wrong-key-for-the-docs-page' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('GET /docs/assets/* (and the favicon)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the Scalar bundle from the installed package as JavaScript', async () => {
    const response = await t.app.request('/docs/assets/standalone.esm.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const source = await response.text();
    expect(source).toContain('createApiReference');
    // Its chunks are imported relative to it, so they come from this server too.
    const chunk = /from"\.\/(chunks\/[^"]+\.js)"/.exec(source)?.[1];
    expect(chunk).toBeDefined();
    const chunkResponse = await t.app.request(`/docs/assets/${chunk}`);
    expect(chunkResponse.status).toBe(200);
    expect(chunkResponse.headers.get('cache-control')).toContain('immutable');
  });

  it.each([
    '/docs/assets/standalone.js',
    '/docs/assets/standalone.esm.js.map',
    '/docs/assets/chunks/nothing-here.js',
    '/docs/assets/..%2Fpackage.json',
    '/docs/assets/chunks/..%2F..%2Fpackage.json',
    '/docs/assets/%2e%2e/%2e%2e/package.json',
  ])('answers 404 JSON for %s and never reads outside the bundle', async (path) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });

  it('answers /favicon.ico 204, so a browser showing the reference logs no 404', async () => {
    const response = await t.app.request('/favicon.ico');
    expect(response.status).toBe(204);
  });

  it('allows only the entry and chunk scripts by name', () => {
    expect(isServableAsset('standalone.esm.js')).toBe(true);
    expect(isServableAsset('chunks/modal-CwQSDtLt.js')).toBe(true);
    for (const name of ['chunks/../index.js', '../package.json', 'chunks/a/b.js', 'chunks/.hidden.js', 'chunks/a.js.map', '']) {
      expect(isServableAsset(name), name).toBe(false);
    }
  });
});
