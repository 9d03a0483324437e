import { Client, Pool } from '@neondatabase/serverless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { admin, openScratch, type Scratch } from './support';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The upgrade answer the relay gives a raw WebSocket (the HTTP status when it refuses). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', reject);
  });
}

describe('WebSocket relay', () => {
  let scratch: Scratch;
  beforeAll(async () => {
    scratch = await openScratch();
  });
  afterAll(() => scratch.close());

  it('carries interactive transactions between the Pool and PostgreSQL', async () => {
    const pool = new Pool({ connectionString: scratch.url, max: 2 });
    try {
      const client = await pool.connect();
      try {
        await client.query('create table ledger (n int)');
        await client.query('begin');
        await client.query('insert into ledger values (1)');
        const inside = await client.query<{ n: number }>('select count(*)::int as n from ledger');
        expect(inside.rows[0]!.n).toBe(1);
        await client.query('rollback');
        const after = await client.query<{ n: number }>('select count(*)::int as n from ledger');
        expect(after.rows[0]!.n).toBe(0);
      } finally {
        client.release();
      }
      expect(scratch.local.relay.connections).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
    await until(() => scratch.local.relay.connections === 0);
  });

  it('hands the driver a dropped connection when the backend is terminated, then lets it reconnect', async () => {
    const client = new Client(scratch.url);
    client.on('error', () => {});
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    await admin(scratch.adminUrl, 'select pg_terminate_backend($1)', [rows[0]!.pid]);
    await expect(client.query('select 1')).rejects.toThrow();
    await until(() => scratch.local.relay.connections === 0);

    const again = new Client(scratch.url);
    await again.connect();
    expect((await again.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await again.end();
  });

  it('relays only to the servers it was started for, on its own path', async () => {
    const base = `ws://${scratch.local.wsProxy}`;
    const target = scratch.local.targets.list()[0]!;
    expect(await upgradeStatus(`${base}?address=${target}`)).toBe(101);
    expect(await upgradeStatus(`${base}?address=127.0.0.1:22`)).toBe(403);
    expect(await upgradeStatus(`${base}?address=nonsense`)).toBe(400);
    expect(await upgradeStatus(`${base.replace('/v2', '/v1')}?address=${target}`)).toBe(404);
  });
});
