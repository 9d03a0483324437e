import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from './harness';

describe('loop config', () => {
  const cli = cliRunner({ env: {} });
  afterAll(() => cli.cleanup());

  it('stores url and token in the config folder, readable by the owner only', async () => {
    expect((await cli.run(['config', 'set', 'url', 'http://localhost:9999/'])).code).toBe(0);
    expect((await cli.run(['config', 'set', 'token', 'loop_abcdefghijklmnopqrstuvwxyz'])).code).toBe(0);
    const path = join(cli.configDir, 'config.json');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      url: 'http://localhost:9999',
      token: 'loop_abcdefghijklmnopqrstuvwxyz',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('shows the configuration with the token masked', async () => {
    const result = await cli.run(['config', 'show']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('http://localhost:9999');
    expect(result.stdout).toContain('loop_abc');
    expect(result.stdout).not.toContain('loop_abcdefghijklmnopqrstuvwxyz');
  });

  it('lets LOOP_URL and LOOP_API_KEY override the file', async () => {
    const result = await cli.run(['config', 'show', '--json'], {
      env: { LOOP_URL: 'https://loop.example.com', LOOP_API_KEY: 'loop_fromtheenvironment1234' },
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      url: 'https://loop.example.com',
      source: { url: 'env', token: 'env' },
    });
    expect(result.stdout).not.toContain('loop_fromtheenvironment1234');
  });

  it('rejects an unknown key or a bad URL as a usage error (exit 2)', async () => {
    expect((await cli.run(['config', 'set', 'colour', 'blue'])).code).toBe(2);
    expect((await cli.run(['config', 'set', 'url', 'not a url'])).code).toBe(2);
  });
});
