import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDocsAssets, scalarBrowserDir } from '../../src/routes/docs/assets';
import { bundleFunction, functionEntry } from '../../scripts/vercel-function';
import { TEST_ROOT_KEY } from '../support/app';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('../../', import.meta.url));
const unreachable = 'postgres://loop:loop@127.0.0.1:9/loop';

/**
 * How Vercel's Hono preset picks the function (vercel/vercel packages/hono/src/build.ts): the first of
 * these files, in this order, whose source imports "hono" by that exact name.
 */
const presetCandidates = ['app', 'index', 'server', 'src/app', 'src/index', 'src/server'].flatMap((name) =>
  ['js', 'cjs', 'mjs', 'ts', 'cts', 'mts'].map((extension) => `${name}.${extension}`),
);
const importsHono = /(?:from|require|import)\s*(?:\(\s*)?["']hono["']\s*(?:\))?/;

function presetEntrypoint(read: (path: string) => string | undefined): string | undefined {
  return presetCandidates.find((path) => {
    const source = read(path);
    return source !== undefined && importsHono.test(source);
  });
}

const readFromApp = (path: string) => (existsSync(join(appDir, path)) ? readFileSync(join(appDir, path), 'utf8') : undefined);

describe('the Vercel function bundle (npm run vercel-build)', () => {
  let workDir: string;
  let bundle: string;

  beforeAll(async () => {
    // Inside the app, so the bundle resolves its packages from node_modules as it does on Vercel.
    await mkdir(join(appDir, 'node_modules', '.cache'), { recursive: true });
    workDir = await mkdtemp(join(appDir, 'node_modules', '.cache', 'vercel-test-'));
    bundle = await bundleFunction(join(workDir, functionEntry));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('is the file the Hono preset picks; the sources alone would be refused, not run broken', () => {
    const withBundle = (path: string) => (path === functionEntry ? readFileSync(bundle, 'utf8') : readFromApp(path));
    expect(presetEntrypoint(withBundle)).toBe(functionEntry);
    expect(presetEntrypoint((path) => (path === functionEntry ? undefined : readFromApp(path)))).toBeUndefined();
  });

  it('runs on plain Node ESM and serves requests through its default export’s fetch', async () => {
    // A separate `node` (no tsx, no vitest): exactly the module system a Vercel Function runs.
    const script = `
      const { default: app, database } = await import(${JSON.stringify(bundle)});
      const statuses = {};
      for (const path of ['/', '/health', '/api/v1/openapi.json', '/docs', '/api/v1/issues']) {
        statuses[path] = (await app.fetch(new Request('https://loop.example' + path))).status;
      }
      // MCP in the function: a stateless tools/list needs no session and no database.
      const mcp = await app.fetch(new Request('https://loop.example/mcp', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + process.env.LOOP_API_KEY, 'content-type': 'application/json',
          accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      }));
      statuses['/mcp'] = mcp.status;
      statuses.mcpTools = (await mcp.json()).result.tools.some((tool) => tool.name === 'claim_next_issue');
      await database.close();
      console.log(JSON.stringify(statuses));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, DATABASE_URL: unreachable, LOOP_API_KEY: TEST_ROOT_KEY },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      '/': 200,
      '/health': 503,
      '/api/v1/openapi.json': 200,
      '/docs': 200,
      '/api/v1/issues': 401,
      '/mcp': 200,
      mcpTools: true,
    });
  });

  it('loads at import neither driver, nor the MCP SDK, nor Handlebars: they come with the request that needs them', () => {
    // The files an import of the entry evaluates: itself and the chunks it names in static imports, transitively.
    const staticImports = (source: string) => [...source.matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$|^import\s*"([^"]+)";?$/gms)].map((m) => m[1] ?? m[2]!);
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const specifier of staticImports(readFileSync(join(workDir, file), 'utf8'))) {
        if (specifier.startsWith('./')) visit(specifier.slice(2));
        else packages.add(specifier);
      }
    };
    visit(functionEntry);
    // hono is inlined (ADR 0044): its 42 files are not read from node_modules by a cold start.
    expect(packages).not.toContain('hono');
    const lazy = [...packages].filter((name) => /^(pg|@neondatabase\/serverless|ws|@electric-sql\/pglite|@modelcontextprotocol\/sdk|handlebars)(\/|$)/.test(name));
    expect(lazy).toEqual([]);
    // And the chunks that bring them exist beside the entry, for the file tracer to ship.
    expect(readdirSync(workDir).filter((name) => name.startsWith('index-')).length).toBeGreaterThan(3);
  });

  it('is ASCII in every file, comments included, so V8 holds no chunk as a two-byte string (ADR 0044)', () => {
    const files = readdirSync(workDir).filter((name) => name.endsWith('.mjs'));
    expect(files.length).toBeGreaterThan(3);
    // eslint-disable-next-line no-control-regex -- the range is all of ASCII
    expect(files.filter((name) => /[^\x00-\x7f]/.test(readFileSync(join(workDir, name), 'utf8')))).toEqual([]);
  });

  it('copies the reference page’s scripts for the CDN: the entry and every chunk, no source maps', async () => {
    const publicDir = join(workDir, 'public');
    const copied = await copyDocsAssets(publicDir);
    const chunks = readdirSync(join(scalarBrowserDir()!, 'chunks')).filter((file) => file.endsWith('.js'));
    expect(copied).toContain('standalone.esm.js');
    expect(copied).toHaveLength(chunks.length + 1);
    const written = await readdir(join(publicDir, 'docs', 'assets', 'chunks'));
    expect(written.sort()).toEqual(chunks.sort());
    expect(await readFile(join(publicDir, 'docs', 'assets', 'standalone.esm.js'), 'utf8')).toContain('createApiReference');
  });
});

describe('npm run vercel-build', () => {
  const vercelBuild = (env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/vercel-build.ts'], {
      cwd: appDir,
      env: { PATH: process.env.PATH, ...env },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it('refuses to build without DATABASE_URL, before touching anything', async () => {
    const { code, stderr } = await vercelBuild({ DATABASE_URL: '' });
    expect(code).toBe(1);
    expect(stderr).toContain('DATABASE_URL is not set');
  });

  it('stops when the migrations fail, so nothing deploys against an unmigrated database', async () => {
    const before = existsSync(join(appDir, functionEntry)) ? readFileSync(join(appDir, functionEntry), 'utf8') : undefined;
    const { code, stderr } = await vercelBuild({ DATABASE_URL: unreachable });
    expect(code).not.toBe(0);
    expect(stderr).toContain('the migrations failed');
    const after = existsSync(join(appDir, functionEntry)) ? readFileSync(join(appDir, functionEntry), 'utf8') : undefined;
    expect(after).toBe(before);
  });
});

describe('apps/api/vercel.json', () => {
  const config = JSON.parse(readFileSync(join(appDir, 'vercel.json'), 'utf8'));
  const { scripts } = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));

  it('deploys with the Hono preset, installs the whole workspace and builds through vercel-build', () => {
    expect(config.framework).toBe('hono');
    expect(config.installCommand).toMatch(/^cd \.\.\/\.\. && npm ci\b/);
    expect(config.buildCommand).toBe('npm run vercel-build');
    expect(scripts['vercel-build']).toBeDefined();
  });

  it('lets the CDN cache the content-hashed chunks for good', () => {
    expect(config.headers).toContainEqual({
      source: '/docs/assets/chunks/(.*)',
      headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
    });
  });
});
