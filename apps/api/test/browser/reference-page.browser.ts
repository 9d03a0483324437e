import { mkdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/openapi/document';
import { createTestApp, type TestApp } from '../support/app';

/** Debian's package; the test never downloads a browser. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Git-ignored; CI keeps the screenshot as an artifact. */
const artifactsDir = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));
const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

describe('the API reference at /docs, in headless Chromium', () => {
  let t: TestApp;
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let document: OpenApiDocument;
  const requested: string[] = [];
  const failures: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    document = (await t.api.get('/api/v1/openapi.json', { key: null })).body;

    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('request', (request) => requested.push(request.url()));
    page.on('requestfailed', (request) => failures.push(`failed ${request.url()}: ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
    await page.goto(`${base}/docs`, { waitUntil: 'networkidle' });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  it('shows the document’s title and every resource in its operations list', async () => {
    await expect.poll(() => page.getByRole('heading', { name: document.info.title }).count()).toBeGreaterThan(0);
    for (const tag of document.tags ?? []) {
      const group = page.locator(`[data-sidebar-id$="/tag/${tag.name.toLowerCase().replaceAll(' ', '-')}"]`);
      await expect.poll(() => group.count(), { message: `sidebar group ${tag.name}` }).toBe(1);
    }
  });

  it('lists every documented operation under its resource', async () => {
    const missing: string[] = [];
    for (const tag of document.tags ?? []) {
      const open = page.getByRole('button', { name: `Open Group - ${tag.name}`, exact: true });
      if ((await open.count()) > 0) await open.first().click();
      const group = page.locator(`[data-sidebar-id$="/tag/${tag.name.toLowerCase().replaceAll(' ', '-')}"]`);
      for (const [path, item] of Object.entries(document.paths ?? {})) {
        for (const [method, operation] of Object.entries(item as Record<string, { summary?: string; tags?: string[] }>)) {
          if (!operation.tags?.includes(tag.name)) continue;
          const entry = group.getByText(operation.summary!, { exact: true });
          if ((await entry.count()) === 0) missing.push(`${method.toUpperCase()} ${path} (${tag.name})`);
        }
      }
    }
    expect(missing).toEqual([]);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: `${artifactsDir}docs-reference.png`, fullPage: false });
  });

  it('loaded everything from this server: no CDN, no fonts, no telemetry', () => {
    expect(requested.length).toBeGreaterThan(2);
    const foreign = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return (protocol === 'http:' || protocol === 'https:') && !localHosts.has(hostname);
    });
    expect(foreign).toEqual([]);
    expect(requested).toContainEqual(expect.stringMatching(/\/docs\/assets\/standalone\.esm\.js$/));
    expect(requested).toContainEqual(expect.stringMatching(/\/api\/v1\/openapi\.json$/));
  });

  it('raised no page error and no failed or refused request', () => {
    expect(failures).toEqual([]);
  });
});
