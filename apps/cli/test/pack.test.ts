import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')) as { version: string };

describe('the packed CLI (npm pack)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loop-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs outside the repository with no dependencies and runs, with its package’s version', async () => {
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: cliRoot });
    const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    expect(packed.filename).toBe(`loop-cli-${version}.tgz`);
    // The entry, the chunks only some commands load (ADR 0035), and nothing else: no sources, no dependencies.
    const files = packed.files.map((file) => file.path).sort();
    expect(files).toContain('dist/loop.js');
    expect(files.filter((path) => !/^dist\/[\w-]+\.js$/.test(path))).toEqual(['bin/loop.js', 'package.json']);

    const prefix = join(dir, 'global');
    // From the temporary folder, so nothing of the workspace can be found.
    await exec('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', `./${packed.filename}`], { cwd: dir });
    const installed = await exec(join(prefix, 'bin', 'loop'), ['--version'], { cwd: dir });
    expect(installed.stdout.trim()).toBe(version);
    const help = await exec(join(prefix, 'bin', 'loop'), ['queue', '--help'], { cwd: dir });
    expect(help.stdout).toContain('Usage: loop queue');
    // `loop mcp` loads its chunk: installed, it is there (an unreachable server is then exit code 3).
    const mcp = await exec(join(prefix, 'bin', 'loop'), ['mcp'], { cwd: dir, env: { ...process.env, LOOP_URL: 'http://127.0.0.1:9' } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(mcp).toMatchObject({ code: 3, stderr: expect.stringContaining('Cannot reach the Loop API at http://127.0.0.1:9/mcp') as unknown });
  });
});
