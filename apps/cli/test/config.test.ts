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

  it('lists the configuration with the token masked (show is an alias)', async () => {
    for (const name of ['list', 'show']) {
      const result = await cli.run(['config', name]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('http://localhost:9999');
      expect(result.stdout).toContain('loop_abc');
      expect(result.stdout).not.toContain('loop_abcdefghijklmnopqrstuvwxyz');
    }
  });

  it('gets one setting, the token masked', async () => {
    expect((await cli.run(['config', 'get', 'url'])).stdout).toBe('http://localhost:9999');
    const token = await cli.run(['config', 'get', 'token', '--json']);
    expect(JSON.parse(token.stdout)).toEqual({ key: 'token', value: expect.stringMatching(/^loop_abc•+wxyz$/), source: 'file' });
  });

  it('unsets a setting from the file', async () => {
    expect((await cli.run(['config', 'unset', 'token'])).stdout).toContain('Removed token');
    expect(JSON.parse(readFileSync(join(cli.configDir, 'config.json'), 'utf8'))).toEqual({ url: 'http://localhost:9999' });
    expect((await cli.run(['config', 'get', 'token'])).stdout).toBe('(not set)');
    expect((await cli.run(['config', 'unset', 'token'])).stdout).toContain('was not set');
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

  it('rejects an unknown key or a bad URL as a usage error (exit 2), saying what is wrong', async () => {
    expect((await cli.run(['config', 'set', 'colour', 'blue'])).code).toBe(2);
    const notUrl = await cli.run(['config', 'set', 'url', 'not a url']);
    expect(notUrl).toMatchObject({ code: 2, stderr: 'Error: url is not a URL: "not a url"' });
    const noScheme = await cli.run(['config', 'set', 'url', 'localhost:4242']);
    expect(noScheme.code).toBe(2);
    expect(noScheme.stderr).toContain('must start with http:// or https://');
    expect(noScheme.stderr).toContain('did you mean http://localhost:4242?');
    expect((await cli.run(['config', 'set', 'url', 'ftp://loop.example.com'])).code).toBe(2);
    expect(JSON.parse(readFileSync(join(cli.configDir, 'config.json'), 'utf8')).url).toBe('http://localhost:9999');
  });

  it('names LOOP_URL when the environment holds a bad URL', async () => {
    const result = await cli.run(['list'], { env: { LOOP_URL: 'localhost:4242' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOOP_URL must start with http:// or https://, got "localhost:4242" (did you mean http://localhost:4242?)');
  });
});
