// `npm run bench:startup -w @loop/cli`: how long `loop queue --json` takes end to end — process start,
// the bundled CLI, one HTTP round trip — against a local server: the median of 10 runs (after one
// warm-up), plus the same for `loop --version` (start-up alone). Uses LOOP_URL and LOOP_API_KEY when
// set; otherwise starts a server of its own on an embedded database in a temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build.mjs';

const runs = 10;
const bin = fileURLToPath(new URL('../bin/loop.js', import.meta.url));
const apiRoot = fileURLToPath(new URL('../../api/', import.meta.url));

async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'loop-bench-cli-'));
  const key = 'loop_bench-startup-key-0000000000';
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiRoot,
    env: { ...process.env, DATABASE_URL: '', LOOP_DATA_DIR: dataDir, LOOP_API_KEY: key, PORT: port },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve());
    child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function time(args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`loop ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

await buildCli();
const external = process.env.LOOP_URL && process.env.LOOP_API_KEY;
const server = external ? { url: process.env.LOOP_URL, key: process.env.LOOP_API_KEY, stop() {} } : await startServer();
try {
  const env = { ...process.env, LOOP_URL: server.url, LOOP_API_KEY: server.key };
  for (const args of [['queue', '--json'], ['--version']]) {
    time(args, env);
    const samples = Array.from({ length: runs }, () => time(args, env));
    console.log(
      `loop ${args.join(' ').padEnd(14)} median ${median(samples).toFixed(0)} ms  (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)}; ${runs} runs, node ${process.version})`,
    );
  }
} finally {
  server.stop();
}
