import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema';
import { parseEnv } from '../../src/env';
import { ensureFirstRunKey } from '../../src/first-run-key';
import { createTestApp, type TestApp } from '../support/app';

describe('API key roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function aKeyWithRole(role?: 'admin' | 'agent') {
    const response = await t.api.post('/api/v1/api-keys', { name: `a ${role ?? 'default'} key`, ...(role ? { role } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.data as { id: string; key: string; role: string };
  }
  const keyCount = async () => (await t.db.select({ id: apiKeys.id }).from(apiKeys)).length;

  it('makes a key an admin when no role is given, as keys were before roles', async () => {
    const created = await aKeyWithRole();
    expect(created.role).toBe('admin');
    expect((await t.api.get('/api/v1/api-keys', { key: created.key })).status).toBe(200);
  });

  it('lists each key with its role', async () => {
    const agent = await aKeyWithRole('agent');
    const listed = await t.api.get('/api/v1/api-keys?limit=200');
    expect(listed.body.data.find((item: { id: string }) => item.id === agent.id)).toMatchObject({ role: 'agent' });
  });

  describe('an agent key', () => {
    it('works everywhere else: reads, writes and claims', async () => {
      const { key } = await aKeyWithRole('agent');
      expect((await t.api.get('/api/v1/issues', { key })).status).toBe(200);
      expect((await t.api.post('/api/v1/issues', { title: 'Filed by an agent', type: 'task' }, { key })).status).toBe(201);
      expect([200, 204]).toContain((await t.api.post('/api/v1/dispatch/next', undefined, { key })).status);
    });

    it.each([
      ['lists keys', 'get', '/api/v1/api-keys'],
      ['mints a key', 'post', '/api/v1/api-keys'],
      ['revokes a key', 'delete', '/api/v1/api-keys/{admin}'],
    ] as const)('gets 403 forbidden when it %s, and nothing changes', async (_what, method, template) => {
      const { key } = await aKeyWithRole('agent');
      const admin = await aKeyWithRole('admin');
      const before = await keyCount();
      const path = template.replace('{admin}', admin.id);
      const response =
        method === 'post' ? await t.api.post(path, { name: 'permanent', role: 'admin' }, { key }) : await t.api[method](path, { key });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: expect.stringContaining('admin'), code: 'forbidden' });
      expect(await keyCount()).toBe(before);
      const [row] = await t.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, admin.id));
      expect(row!.revokedAt).toBeNull();
    });

    it('cannot even revoke itself (key management is for admins)', async () => {
      const agent = await aKeyWithRole('agent');
      expect((await t.api.delete(`/api/v1/api-keys/${agent.id}`, { key: agent.key })).status).toBe(403);
      expect((await t.api.get('/api/v1/issues', { key: agent.key })).status).toBe(200);
    });
  });

  it('treats the root key (LOOP_API_KEY) as an admin', async () => {
    const response = await t.api.post('/api/v1/api-keys', { name: 'by root', role: 'agent' });
    expect(response.status).toBe(201);
  });

  it('makes the first-run key an admin', async () => {
    const fresh = await createTestApp();
    try {
      const key = await ensureFirstRunKey(fresh.db, parseEnv({}));
      expect(key).toEqual(expect.any(String));
      const listed = await fresh.api.get('/api/v1/api-keys', { key: key! });
      expect(listed.status).toBe(200);
      expect(listed.body.data).toEqual([expect.objectContaining({ name: 'first-run key', role: 'admin' })]);
    } finally {
      await fresh.close();
    }
  });

  it('lets an admin key mint an agent key and revoke it', async () => {
    const admin = await aKeyWithRole('admin');
    const minted = await t.api.post('/api/v1/api-keys', { name: 'worker', role: 'agent' }, { key: admin.key });
    expect(minted.status).toBe(201);
    expect(minted.body.data.role).toBe('agent');
    expect((await t.api.delete(`/api/v1/api-keys/${minted.body.data.id}`, { key: admin.key })).status).toBe(204);
  });
});
