import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, ROOT_KEY, startServer } from './harness';

describe('loop login', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cli: ReturnType<typeof cliRunner>;
  const stored = () => JSON.parse(readFileSync(join(cli.configDir, 'config.json'), 'utf8')) as Record<string, string>;
  beforeAll(async () => {
    server = await startServer();
    cli = cliRunner({ env: {} });
  });
  afterAll(async () => {
    cli.cleanup();
    await server.stop();
  });

  it('reads the key from stdin with --with-token, checks it against the server and stores it (0600)', async () => {
    const result = await cli.run(['login', '--with-token', '--url', server.url], { stdin: `${ROOT_KEY}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Logged in to ${server.url}`);
    expect(result.stdout).not.toContain(ROOT_KEY);
    expect(stored()).toEqual({ url: server.url, token: ROOT_KEY });
    expect(statSync(join(cli.configDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect((await cli.run(['list'])).code).toBe(0);
  });

  it('asks at a hidden prompt when no token is piped', async () => {
    const result = await cli.run(['login', '--url', server.url], { typed: ROOT_KEY });
    expect(result.code).toBe(0);
    expect(stored().token).toBe(ROOT_KEY);
  });

  it('refuses a key the server rejects (exit 4) and keeps the stored one', async () => {
    const result = await cli.run(['login', '--with-token'], { stdin: 'loop_not-a-valid-key-000000' });
    expect(result.code).toBe(4);
    expect(stored().token).toBe(ROOT_KEY);
  });

  it('says how to pipe the key when there is no terminal to ask on (exit 2)', async () => {
    const result = await cli.run(['login', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ code: 'usage', error: expect.stringContaining('--with-token') });
  });
});
