#!/usr/bin/env node
// `npm run dev`: the API with its watcher (http://localhost:4242) and the dashboard from Vite with hot
// reload (http://localhost:5173/app/, which forwards /api to the API, so the browser sees one origin).
// The API skips building the dashboard here (LOOP_DASHBOARD_BUILD=off): Vite serves it. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { setTimeout } from 'node:timers';

const children = [
  ['api', ['run', 'dev', '-w', '@loop/api'], { LOOP_DASHBOARD_BUILD: 'off' }],
  ['web', ['run', 'dev', '-w', '@loop/web'], {}],
].map(([name, args, env]) => {
  const child = spawn('npm', args, { stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    console.log(`[dev] ${name} stopped (${signal ?? code}); stopping the other`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
