import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, lockFileName } from '../../src/start-up/data-dir-lock';

/** A pid that ran and is gone: a child that exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the embedded database folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loop-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const lockFile = () => join(dir, lockFileName);

  it('writes this process’s pid into the folder (creating the folder), and removes it on release', async () => {
    const folder = join(dir, 'data');
    const lock = lockDataDir(folder);
    expect(readFileSync(join(folder, lockFileName), 'utf8').trim()).toBe(String(process.pid));
    // The draft it linked from is gone: only the lock file is left.
    expect(await readdir(folder)).toEqual([lockFileName]);
    lock.release();
    expect(existsSync(join(folder, lockFileName))).toBe(false);
  });

  it('refuses while another running process holds it, naming the folder and that pid', () => {
    const holder = process.ppid; // our parent: certainly running
    writeFileSync(lockFile(), `${holder}\n`);
    let refusal: unknown;
    try {
      lockDataDir(dir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as Error).message).toBe(
      `The database folder ${dir} is in use by another process (pid ${holder}); stop it, or set LOOP_DATA_DIR to another folder`,
    );
    // The holder's lock is left as it was.
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(holder));
  });

  it('takes over a lock left by a process that is no longer running', () => {
    writeFileSync(lockFile(), `${deadPid()}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('takes over a lock file that names no pid (left half-written by a crash)', () => {
    writeFileSync(lockFile(), '');
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('lets only one of two claims win: the second sees the first as the holder', () => {
    const first = lockDataDir(dir);
    const otherPid = process.ppid;
    // Another process claiming now finds our pid, alive.
    expect(() => lockDataDir(dir, otherPid)).toThrow(`(pid ${process.pid})`);
    first.release();
    const second = lockDataDir(dir, otherPid);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(otherPid));
    second.release();
  });

  it('never removes a lock that another process has taken since', () => {
    const lock = lockDataDir(dir);
    writeFileSync(lockFile(), `${process.ppid}\n`);
    lock.release();
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.ppid));
  });
});
