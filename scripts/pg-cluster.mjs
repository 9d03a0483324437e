#!/usr/bin/env node
// A throwaway PostgreSQL 15 cluster for the integration tests and the benchmarks.
//
//   node scripts/pg-cluster.mjs -- <command> [args…]   run the command with DATABASE_URL set, then tear down
//   node scripts/pg-cluster.mjs                        print the URL and keep the cluster until Ctrl-C
//   import { startCluster } from './scripts/pg-cluster.mjs'   the same from code (tests, benchmarks)
//
// The cluster lives in a temp folder, listens on 127.0.0.1 on a free port (its socket in that folder,
// never in /var/run), uses scram-sha-256 passwords over TCP like a real server, and is removed on exit.
// PostgreSQL refuses to run as root, so as root the binaries run as the `postgres` user.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { clearInterval, setInterval } from 'node:timers';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultBinDir = process.env.LOOP_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Settings for a disposable cluster: durability off (the data dies with the run), room for parallel tests. */
const serverSettings = {
  listen_addresses: "'127.0.0.1'",
  max_connections: 300,
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  // As the app's own node-postgres connections do (drivers/postgres.ts): JIT compiling the claim costs
  // far more than running it. Here it also covers the Neon drivers' connections behind neon-local.
  jit: 'off',
  // Neon and PGLite answer in UTC; the same here keeps timestamp text identical across modes.
  timezone: "'UTC'",
  log_min_messages: 'warning',
  log_min_error_statement: 'panic',
};

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/** The account the binaries run as: ourselves, unless we are root (then `postgres`). */
function serverAccount() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { name: 'postgres', uid, gid };
  } catch {
    throw new Error('PostgreSQL refuses to run as root and there is no `postgres` user to run it as');
  }
}

function run(account, binary, args, { quiet = true } = {}) {
  const [command, argv] = account ? ['runuser', ['-u', account.name, '--', binary, ...args]] : [binary, args];
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        if (!quiet) process.stderr.write(output);
        resolveRun(output);
      } else reject(new Error(`${binary} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Starts a fresh cluster and resolves once it accepts connections.
 * @param {{ binDir?: string, port?: number }} [options]
 */
export async function startCluster(options = {}) {
  const binDir = options.binDir ?? defaultBinDir;
  const bin = (name) => join(binDir, name);
  if (!existsSync(bin('initdb'))) {
    throw new Error(`PostgreSQL binaries not found in ${binDir} (set LOOP_PG_BIN to the folder holding initdb)`);
  }
  const account = serverAccount();
  const root = await mkdtemp(join(tmpdir(), 'loop-pg-'));
  const dataDir = join(root, 'data');
  const password = randomBytes(12).toString('hex');
  let running = false;

  const removeFolder = () => rm(root, { recursive: true, force: true });
  try {
    await mkdir(dataDir, { mode: 0o700 });
    await writeFile(join(root, 'password'), `${password}\n`, { mode: 0o600 });
    if (account) {
      await chmod(root, 0o755);
      for (const path of [root, dataDir, join(root, 'password')]) await chown(path, account.uid, account.gid);
    }
    await run(account, bin('initdb'), [
      '--pgdata', dataDir,
      '--username', 'postgres',
      '--pwfile', join(root, 'password'),
      '--auth-local', 'trust',
      '--auth-host', 'scram-sha-256',
      '--encoding', 'UTF8',
      '--locale', 'C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ]);
    const port = options.port ?? (await freePort());
    const settings = { ...serverSettings, port, unix_socket_directories: `'${root}'` };
    const lines = Object.entries(settings).map(([name, value]) => `${name} = ${value}`);
    await appendFile(join(dataDir, 'postgresql.conf'), `\n# loop: disposable test cluster\n${lines.join('\n')}\n`);

    const pgCtl = (...args) => run(account, bin('pg_ctl'), ['--pgdata', dataDir, '--silent', ...args]);
    const startServer = async () => {
      await pgCtl('start', '--wait', '--timeout', '60', '--log', join(root, 'server.log'));
      running = true;
    };
    await startServer();

    const host = '127.0.0.1';
    const urlFor = (database = 'postgres') => `postgres://postgres:${password}@${host}:${port}/${database}`;
    return {
      url: urlFor(),
      urlFor,
      host,
      port,
      password,
      dataDir,
      /** Stops the server but keeps its data (for outage tests); `start()` brings it back on the same port. */
      async halt() {
        await pgCtl('stop', '--wait', '--mode', 'fast');
        running = false;
      },
      start: startServer,
      /** Stops the server at once and deletes everything. */
      async stop() {
        if (running) {
          await pgCtl('stop', '--wait', '--mode', 'immediate').catch(() => {});
          running = false;
        }
        await removeFolder();
      },
    };
  } catch (error) {
    if (running) {
      await run(account, bin('pg_ctl'), ['--pgdata', dataDir, '--silent', 'stop', '--mode', 'immediate']).catch(() => {});
    }
    await removeFolder();
    throw error;
  }
}

async function main(argv) {
  const separator = argv.indexOf('--');
  const command = separator === -1 ? argv : argv.slice(separator + 1);
  const cluster = await startCluster();

  let stopping;
  const stop = () => (stopping ??= cluster.stop());
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];

  if (command.length === 0) {
    console.log(cluster.url);
    console.error('PostgreSQL is running; Ctrl-C stops it and deletes its data.');
    // Signal listeners do not keep Node alive; the timer does, until a signal arrives.
    const keepAlive = setInterval(() => {}, 1 << 30);
    await new Promise((resolveWait) => signals.forEach((signal) => process.once(signal, resolveWait)));
    clearInterval(keepAlive);
    await stop();
    return 0;
  }

  console.error(`[pg-cluster] PostgreSQL 15 on ${cluster.host}:${cluster.port}`);
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: cluster.url, LOOP_TEST_PG_URL: cluster.url },
    shell: process.platform === 'win32',
  });
  // We outlive the child whatever signal arrives (passing it on), so that the cluster is always removed.
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolveExit) => {
    child.on('error', (error) => {
      console.error(`[pg-cluster] could not run ${command[0]}: ${error.message}`);
      resolveExit(127);
    });
    child.on('exit', (exitCode, signal) => resolveExit(exitCode ?? (signal ? 1 : 0)));
  });
  await stop();
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[pg-cluster] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
