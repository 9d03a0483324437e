import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, ROOT_KEY, startServer } from './harness';

const bin = fileURLToPath(new URL('../bin/loop.js', import.meta.url));
const runBin = promisify(execFile);

describe('exit codes, hints and colour', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cli: ReturnType<typeof cliRunner>;
  beforeAll(async () => {
    server = await startServer();
    cli = cliRunner({ env: { LOOP_URL: server.url, LOOP_API_KEY: ROOT_KEY } });
  });
  afterAll(async () => {
    cli.cleanup();
    await server.stop();
  });

  it('exits 0 with help', async () => {
    const result = await cli.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes');
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli.run(['frobnicate'])).code).toBe(2);
    expect((await cli.run(['create'])).code).toBe(2);
    expect((await cli.run(['create', 'x', '--type', 'epic'])).code).toBe(2);
    expect((await cli.run(['link', '1', 'parent-of', '2'])).code).toBe(2);
    expect((await cli.run(['update', '1'])).code).toBe(2);
  });

  it('exits 1 with the API message on a missing issue or invalid input', async () => {
    const missing = await cli.run(['show', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not found');
    const invalid = await cli.run(['create', 'x'.repeat(501)]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('title');
  });

  it('prints a validation error’s detail once: the headline, then each field', async () => {
    const result = await cli.run(['update', '1', '--priority', '9']);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('Error: Invalid request body');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}priority: /)]);
  });

  it('with --json, prints errors as JSON on stderr and keeps the exit codes', async () => {
    const invalid = await cli.run(['update', '1', '--priority', '9', '--json']);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(JSON.parse(invalid.stderr)).toMatchObject({ code: 'validation_failed', details: [{ field: 'priority' }] });

    const missing = await cli.run(['show', '999999', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ code: 'not_found', error: expect.stringContaining('not found') });

    const usage = await cli.run(['create', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({ error: expect.stringContaining('missing required argument'), code: 'usage' });

    const unreachable = await cli.run(['list', '--json'], { env: { LOOP_URL: 'http://127.0.0.1:9' } });
    expect(unreachable.code).toBe(3);
    expect(JSON.parse(unreachable.stderr)).toMatchObject({ code: 'unreachable' });

    const unauthorized = await cli.run(['list', '--json'], { env: { LOOP_API_KEY: 'loop_wrong-key-123456789' } });
    expect(unauthorized.code).toBe(4);
    expect(JSON.parse(unauthorized.stderr)).toMatchObject({ code: 'unauthorized' });
  });

  it('exits 4 with a hint when the key is wrong', async () => {
    const result = await cli.run(['list'], { env: { LOOP_API_KEY: 'loop_wrong-key-123456789' } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('loop login');
  });

  it('exits 3 naming the URL it tried when the server is unreachable', async () => {
    const result = await cli.run(['list'], { env: { LOOP_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('http://127.0.0.1:9');
    expect(result.stderr).toContain('loop config set url');
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    await cli.run(['create', 'Colourful', '--status', 'todo']);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[`);
    expect((await cli.run(['list'], { isTTY: true })).stdout).toMatch(ansi);
    expect((await cli.run(['list'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ansi);
    expect((await cli.run(['list'], { isTTY: false })).stdout).not.toMatch(ansi);
    expect((await cli.run(['list', '--no-color'], { isTTY: true })).stdout).not.toMatch(ansi);
  });

  it('runs as the installed `loop` binary with real exit codes', async () => {
    const help = await runBin(process.execPath, [bin, '--help']);
    expect(help.stdout).toContain('Usage: loop');
    const failure = await runBin(process.execPath, [bin, 'list'], {
      env: { ...process.env, LOOP_URL: 'http://127.0.0.1:9', LOOP_CONFIG_DIR: cli.configDir },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 3 });
  });
});
