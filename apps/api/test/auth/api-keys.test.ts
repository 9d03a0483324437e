import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/domain/api-keys/keys';
import { createTestApp, TestClock, type TestApp } from '../support/app';

const listedFields = ['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'role'];

describe('API keys', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  async function aKey(name = 'agent') {
    const response = await t.api.post('/api/v1/api-keys', { name });
    expect(response.status).toBe(201);
    return response.body.data as { id: string; name: string; prefix: string; key: string; createdAt: string };
  }

  const listed = async (id: string) =>
    (await t.api.get('/api/v1/api-keys?limit=200')).body.data.find((item: { id: string }) => item.id === id);

  describe('POST /api/v1/api-keys', () => {
    it('answers 201 with the plaintext key once: loop_-prefixed, its prefix a leading part of it', async () => {
      const response = await t.api.post('/api/v1/api-keys', { name: 'ci agent' });
      expect(response.status).toBe(201);
      const data = response.body.data;
      expect(Object.keys(data).sort()).toEqual(['createdAt', 'id', 'key', 'name', 'prefix', 'role']);
      expect(data.name).toBe('ci agent');
      expect(data.key).toMatch(/^loop_[A-Za-z0-9_-]{40,}$/);
      expect(data.key.startsWith(data.prefix)).toBe(true);
      expect(data.prefix.length).toBeLessThan(data.key.length / 2);
    });

    it('issues a key that works as a bearer key', async () => {
      const { key } = await aKey();
      const response = await t.api.get('/api/v1/projects', { key });
      expect(response.status).toBe(200);
    });

    it('issues a different secret every time', async () => {
      const [first, second] = [await aKey('same'), await aKey('same')];
      expect(first.key).not.toBe(second.key);
      expect(first.id).not.toBe(second.id);
    });

    it.each([
      ['a missing name', {}, 'name'],
      ['a blank name', { name: '  ' }, 'name'],
      ['a caller-chosen key', { name: 'x', key: 'loop_mine' }, 'key'],
      ['an unknown role', { name: 'x', role: 'root' }, 'role'],
    ])('answers 422 for %s', async (_case, body, field) => {
      const response = await t.api.post('/api/v1/api-keys', body);
      expect(response.status).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    });
  });

  describe('GET /api/v1/api-keys', () => {
    it('never returns the secret or its hash', async () => {
      const { id, key } = await aKey('secretive');
      const response = await t.api.get('/api/v1/api-keys?limit=200');
      expect(response.status).toBe(200);
      for (const item of response.body.data) {
        expect(Object.keys(item).sort()).toEqual(listedFields);
        expect(item).not.toHaveProperty('key');
        expect(item).not.toHaveProperty('keyHash');
      }
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(12));
      expect(text).not.toContain(hashKey(key));
      expect(await listed(id)).toMatchObject({ name: 'secretive', lastUsedAt: null, revokedAt: null });
    });

    it('sets lastUsedAt when the key is used, refreshing it at most once a minute', async () => {
      const { id, key } = await aKey('tracked');
      clock.advance(5_000);
      const firstUse = clock.now().toISOString();
      await t.api.get('/api/v1/goals', { key });
      expect((await listed(id)).lastUsedAt).toBe(firstUse);

      clock.advance(30_000);
      await t.api.get('/api/v1/goals', { key });
      expect((await listed(id)).lastUsedAt).toBe(firstUse);

      clock.advance(31_000);
      await t.api.get('/api/v1/goals', { key });
      expect((await listed(id)).lastUsedAt).toBe(clock.now().toISOString());
    });

    it('does not count a failed attempt as a use', async () => {
      const { id, key } = await aKey('untouched');
      await t.api.get('/api/v1/goals', { key: `${key}x` });
      expect((await listed(id)).lastUsedAt).toBeNull();
    });
  });

  describe('DELETE /api/v1/api-keys/:id', () => {
    it('revokes at once: the next request with the key is 401', async () => {
      const { id, key } = await aKey('short-lived');
      expect((await t.api.get('/api/v1/projects', { key })).status).toBe(200);

      const revoke = await t.api.delete(`/api/v1/api-keys/${id}`);
      expect(revoke.status).toBe(204);
      expect(revoke.body).toBe('');

      const after = await t.api.get('/api/v1/projects', { key });
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ error: expect.any(String), code: 'unauthorized' });
      expect(after.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(await listed(id)).toMatchObject({ revokedAt: clock.now().toISOString() });
    });

    it('lets a key revoke itself, effective on its next request', async () => {
      const { id, key } = await aKey('self-destruct');
      expect((await t.api.delete(`/api/v1/api-keys/${id}`, { key })).status).toBe(204);
      expect((await t.api.get('/api/v1/api-keys', { key })).status).toBe(401);
    });

    it('leaves other keys working', async () => {
      const [doomed, survivor] = [await aKey('doomed'), await aKey('survivor')];
      await t.api.delete(`/api/v1/api-keys/${doomed.id}`);
      expect((await t.api.get('/api/v1/projects', { key: survivor.key })).status).toBe(200);
    });

    it('answers 404 for an unknown key', async () => {
      const response = await t.api.delete('/api/v1/api-keys/no-such-key');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: expect.any(String), code: 'not_found' });
    });

    it('answers 404 for a key already revoked', async () => {
      const { id } = await aKey('twice');
      await t.api.delete(`/api/v1/api-keys/${id}`);
      expect((await t.api.delete(`/api/v1/api-keys/${id}`)).status).toBe(404);
    });

    it('answers 401 without a key, revoking nothing', async () => {
      const { id, key } = await aKey('protected');
      const response = await t.api.delete(`/api/v1/api-keys/${id}`, { key: null });
      expect(response.status).toBe(401);
      expect((await t.api.get('/api/v1/projects', { key })).status).toBe(200);
    });
  });
});
