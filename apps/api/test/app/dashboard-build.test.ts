import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDashboardBuild, prepareDashboard, sourceHash, stampName } from '../../src/dashboard-build';
import { parseEnv } from '../../src/env';

const inputs = ['web/index.html', 'web/src'];

describe('the dashboard build on npm start', () => {
  let root: string;
  let distDir: string;
  let builds: number;
  const build = async () => {
    builds += 1;
    await mkdir(distDir, { recursive: true });
    await writeFile(join(distDir, 'index.html'), `<!doctype html><title>build ${builds}</title>`);
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'loop-web-src-'));
    distDir = join(root, 'web', 'dist');
    builds = 0;
    await mkdir(join(root, 'web', 'src', 'views'), { recursive: true });
    await writeFile(join(root, 'web', 'index.html'), '<div id="root"></div>');
    await writeFile(join(root, 'web', 'src', 'main.tsx'), 'render()');
    await writeFile(join(root, 'web', 'src', 'views', 'overview.tsx'), 'export {}');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('builds when there is no build, and stamps it with the sources it was made from', async () => {
    expect(await ensureDashboardBuild({ root, distDir, inputs, build })).toMatchObject({ state: 'built' });
    expect(builds).toBe(1);
    expect((await readFile(join(distDir, stampName), 'utf8')).trim()).toBe(await sourceHash(root, inputs));
  });

  it('does not build again while the sources are unchanged, even when their mtimes move', async () => {
    await ensureDashboardBuild({ root, distDir, inputs, build });
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'web', 'src', 'main.tsx'), later, later);
    expect(await ensureDashboardBuild({ root, distDir, inputs, build })).toEqual({ state: 'fresh' });
    expect(builds).toBe(1);
  });

  it.each([
    ['a source changes', (dir: string) => writeFile(join(dir, 'web', 'src', 'views', 'overview.tsx'), 'export const x = 1')],
    ['a source is added', (dir: string) => writeFile(join(dir, 'web', 'src', 'views', 'queue.tsx'), 'export {}')],
    ['a source is removed', (dir: string) => rm(join(dir, 'web', 'src', 'views', 'overview.tsx'))],
    ['the build lost its index.html', (dir: string) => rm(join(dir, 'web', 'dist', 'index.html'))],
  ])('builds again when %s', async (_case, change) => {
    await ensureDashboardBuild({ root, distDir, inputs, build });
    await change(root);
    expect(await ensureDashboardBuild({ root, distDir, inputs, build })).toMatchObject({ state: 'built' });
    expect(builds).toBe(2);
  });

  it('reports a failed build with its output and leaves no stamp, so the next start tries again', async () => {
    const failing = () => Promise.reject(new Error('src/main.tsx(1,1): error TS1005'));
    expect(await ensureDashboardBuild({ root, distDir, inputs, build: failing })).toEqual({
      state: 'failed',
      error: 'src/main.tsx(1,1): error TS1005',
    });
    expect(await ensureDashboardBuild({ root, distDir, inputs, build })).toMatchObject({ state: 'built' });
  });

  it('serves LOOP_DASHBOARD_DIR as given, without building anything', async () => {
    const env = parseEnv({ LOOP_DASHBOARD_DIR: distDir });
    expect(await prepareDashboard(env)).toBe(distDir);
  });
});
