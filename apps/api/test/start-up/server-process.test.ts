import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { lockFileName } from '../../src/start-up/data-dir-lock';
import { TEST_ROOT_KEY } from '../support/app';
import { freePort, killServers, startServer } from '../support/server-process';

/** One line on stderr, and no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

/**
 * `npm start` on the embedded database, as separate processes: the folder lock and the port check
 * only show between processes. Each folder starts as a copy of the suite's migrated template, so no
 * start pays for initdb.
 */
describe('the node server starting on PGLite', { timeout: 120_000 }, () => {
  let dir: string;
  let dataDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loop-start-'));
    dataDir = join(dir, 'data');
    await cp(inject('pgliteTemplateDir'), dataDir, { recursive: true });
  });
  afterEach(async () => {
    await killServers();
    await rm(dir, { recursive: true, force: true });
  });

  const envFor = (port: number) => ({ PORT: String(port), LOOP_DATA_DIR: dataDir, LOOP_API_KEY: TEST_ROOT_KEY });

  it('refuses a second server on the same folder with one line naming the folder and the holder’s pid', async () => {
    const first = startServer(envFor(await freePort()));
    await first.listening();
    expect(readFileSync(join(dataDir, lockFileName), 'utf8').trim()).toBe(String(first.pid));

    const second = startServer(envFor(await freePort()));
    expect(await second.exited()).toBe(1);
    expect(oneLine(second.stderr())).toBe(
      `The database folder ${dataDir} is in use by another process (pid ${first.pid}); stop it, or set LOOP_DATA_DIR to another folder`,
    );

    // The first one never noticed, and lets the folder go when it stops.
    const health = await fetch(`http://127.0.0.1:${first.port}/health`);
    expect(health.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited()).toBe(0);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
  });

  it('takes over a lock left by a process that died, and serves', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dataDir, lockFileName), `${gone.stdout}\n`);

    const server = startServer(envFor(await freePort()));
    await server.listening();
    expect(readFileSync(join(dataDir, lockFileName), 'utf8').trim()).toBe(String(server.pid));
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(await health.json()).toEqual({ ok: true, db: 'up', schema: 'current' });
  });

  it('finds a busy port before it opens the database: one line naming the port and PORT, exit 1', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, resolve));
    try {
      const never = join(dir, 'never-opened');
      const server = startServer({ ...envFor(port), LOOP_DATA_DIR: never });
      expect(await server.exited()).toBe(1);
      expect(oneLine(server.stderr())).toBe(`port ${port} is in use; set PORT to a free port`);
      expect(existsSync(never)).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe('the node server starting on a PostgreSQL that does not answer', { timeout: 120_000 }, () => {
  afterEach(() => killServers());

  it('stops with one line naming the address, never the password', async () => {
    // Nothing listens on the discard port: the connection is refused at once.
    const server = startServer({
      PORT: String(await freePort()),
      DATABASE_URL: 'postgres://loop:s3cret-password@127.0.0.1:9/loop',
      LOOP_API_KEY: TEST_ROOT_KEY,
    });
    expect(await server.exited()).toBe(1);
    const line = oneLine(server.stderr());
    expect(line).toBe('The database at 127.0.0.1:9/loop does not answer; check DATABASE_URL and that the server runs');
    expect(server.stdout() + server.stderr()).not.toContain('s3cret-password');
  });
});
