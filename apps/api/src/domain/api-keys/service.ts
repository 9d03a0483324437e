import { and, count, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { apiKeys } from '../../db/schema';
import { notFound } from '../errors';
import { iso, isoOrNull } from '../time';
import { displayPrefix, generateKey, hashKey, keysMatch } from './keys';
import type { ApiKey, CreatedApiKey } from './schemas';

/** `last_used_at` is refreshed at most this often, so authentication does not write on every request. */
const lastUsedResolutionMs = 60_000;

export const ROOT_KEY_ID = 'root';

type ApiKeyRow = typeof apiKeys.$inferSelect;

const present = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: iso(row.createdAt),
  lastUsedAt: isoOrNull(row.lastUsedAt),
  revokedAt: isoOrNull(row.revokedAt),
});

export async function createApiKey(db: DB, input: { name: string }): Promise<CreatedApiKey> {
  const key = generateKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, prefix: displayPrefix(key), keyHash: hashKey(key) })
    .returning();
  return { id: row!.id, name: row!.name, prefix: row!.prefix, key, createdAt: iso(row!.createdAt) };
}

export async function listApiKeys(db: DB, page: { limit: number; offset: number }) {
  const [rows, [totals]] = await Promise.all([
    db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(apiKeys),
  ]);
  return { items: rows.map(present), total: totals?.total ?? 0 };
}

/** Revocation takes effect on the next request: authentication reads the row every time. */
export async function revokeApiKey(db: DB, id: string, now: Date): Promise<void> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw notFound('API key', id);
}

export async function countApiKeys(db: DB): Promise<number> {
  const [row] = await db.select({ total: count() }).from(apiKeys).where(isNull(apiKeys.revokedAt));
  return row?.total ?? 0;
}

/**
 * Resolves a presented bearer token to a key id, or null. The environment's root key is compared in
 * constant time; stored keys are looked up by their SHA-256 hash, so the plaintext never meets the
 * database and the comparison leaks nothing about it.
 */
export async function authenticateKey(
  db: DB,
  token: string,
  options: { rootKey?: string | undefined; now: Date },
): Promise<string | null> {
  if (options.rootKey && keysMatch(token, options.rootKey)) return ROOT_KEY_ID;
  const [row] = await db
    .select({ id: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashKey(token)))
    .limit(1);
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || options.now.getTime() - row.lastUsedAt.getTime() > lastUsedResolutionMs) {
    const staleBefore = new Date(options.now.getTime() - lastUsedResolutionMs);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: options.now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  }
  return row.id;
}
