import { linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StartupError } from './error';

/** The lock file inside the embedded database's folder; it holds the pid of the process using the folder. */
export const lockFileName = 'loop.lock';

export class DataDirLockedError extends StartupError {
  constructor(
    readonly folder: string,
    readonly holder: number,
  ) {
    super(
      `The database folder ${folder} is in use by another process (pid ${holder}); stop it, or set LOOP_DATA_DIR to another folder`,
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Also runs by itself when the process exits. */
  release(): void;
}

/**
 * Claims the embedded database's folder for this process: PGLite has no lock of its own, and two
 * processes writing one folder can corrupt it. The lock file appears whole or not at all (written
 * aside, then hard-linked into place, which fails if it exists). A lock whose pid is no longer running
 * was left by a crash and is taken over.
 */
export function lockDataDir(dataDir: string, pid = process.pid): DataDirLock {
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, lockFileName);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createLockFile(path, pid)) return heldLock(path, pid);
    const holder = readHolder(path);
    if (holder !== undefined && holder !== pid && isRunning(holder)) throw new DataDirLockedError(folder, holder);
    // Stale (its process is gone, or it is our own pid from a previous life, as pid 1 in a container).
    removeIf(path, holder);
  }
  throw new StartupError(`Could not lock the database folder ${folder}; remove ${path} if no Loop process uses it`);
}

function createLockFile(path: string, pid: number): boolean {
  const draft = `${path}.${pid}.tmp`;
  writeFileSync(draft, `${pid}\n`);
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The pid in the lock file; undefined when the file is gone or holds no pid. */
function readHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock file only while it still names `holder`: never one another process just created. */
function removeIf(path: string, holder: number | undefined): void {
  if (readHolder(path) !== holder) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function heldLock(path: string, pid: number): DataDirLock {
  const release = () => {
    process.off('exit', release);
    if (readHolder(path) === pid) removeIf(path, pid);
  };
  // Whatever ends the process (an error, process.exit), a lock left behind would name a dead pid
  // anyway; removing it keeps the folder clean for the next start.
  process.on('exit', release);
  return { path, release };
}
