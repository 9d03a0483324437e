import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { parseEnv } from '../../src/env';
import { TestClock } from '../support/app';

const env = parseEnv({ LOOP_API_KEY: 'loop_logs-root-key-0123456789' });
const auth = { Authorization: `Bearer ${env.LOOP_API_KEY}` };

/** A database whose every query fails the way `failure` says, until it is told to answer. */
function switchableDatabase(failure: () => Error) {
  const state = { up: false };
  // Once up, every raw query answers a row that /health's schema probe reads as a schema ahead of the code.
  const rows = { rows: [{ present: true, last: String(Number.MAX_SAFE_INTEGER) }] };
  const db = {
    execute: () => (state.up ? Promise.resolve(rows) : Promise.reject(failure())),
    select: () => {
      throw failure();
    },
    update: () => {
      throw failure();
    },
  } as unknown as Database;
  return { db, state };
}

describe('logs written while serving requests', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it('escapes control characters from the request, so a path cannot forge a line or write a NUL', async () => {
    const { db } = switchableDatabase(() => new Error('bad\u0000\n[loop] forged message'));
    const app = createApp({ db, env });
    const response = await app.request('/api/v1/api-keys/x%0A[loop]%20forged%1B%7F', { method: 'DELETE', headers: auth });
    expect(response.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect([...lines[0]!].filter((char) => char.charCodeAt(0) < 0x20 || char === '\u007f')).toEqual([]);
    expect(lines[0]).toContain('/api/v1/api-keys/x\\u000a[loop] forged\\u001b\\u007f');
    expect(lines[0]).toContain('bad\\u0000\\u000a[loop] forged message');
  });

  it('logs a database outage once when it starts and once when it ends, with the refused count', async () => {
    const clock = new TestClock();
    const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { db, state } = switchableDatabase(unreachable);
    const app = createApp({ db, env, clock });

    for (let request = 0; request < 50; request++) {
      expect((await app.request('/api/v1/issues', { headers: auth })).status).toBe(503);
    }
    expect(lines).toEqual(['[loop] database unavailable: answering 503 until it returns']);

    clock.advance(20_000);
    state.up = true;
    expect((await app.request('/health')).status).toBe(200);
    expect((await app.request('/health')).status).toBe(200);
    expect(lines).toEqual([
      '[loop] database unavailable: answering 503 until it returns',
      '[loop] database available again after 20 s; 50 request(s) answered 503 meanwhile',
    ]);
  });
});
