import { and, count, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { type ApiKeyRole, apiKeys } from '../../db/schema';
import { notFound } from '../errors';
import { iso, isoOrNull } from '../time';
import { displayPrefix, generateKey, hashKey, keysMatch } from './keys';
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from './schemas';

/** `last_used_at` is refreshed at most this often, so authentication does not write on every request. */
const lastUsedResolutionMs = 60_000;

export const ROOT_KEY_ID = 'root';

type ApiKeyRow = typeof apiKeys.$inferSelect;

const present = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  role: row.role,
  createdAt: iso(row.createdAt),
  lastUsedAt: isoOrNull(row.lastUsedAt),
  revokedAt: isoOrNull(row.revokedAt),
});

/** A new key; `admin` unless the input says otherwise (keys predate roles, ADR 0021). */
export async function createApiKey(db: DB, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const key = generateKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, role: input.role ?? 'admin', prefix: displayPrefix(key), keyHash: hashKey(key) })
    .returning();
  return { id: row!.id, name: row!.name, prefix: row!.prefix, role: row!.role, key, createdAt: iso(row!.createdAt) };
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

/** Who a bearer token belongs to: the key's id (`root` for the environment's key) and its role. */
export interface AuthenticatedKey {
  id: string;
  role: ApiKeyRole;
}

/**
 * Resolves a presented bearer token to its key, or null. The environment's root key is an admin,
 * compared in constant time; stored keys are looked up by their SHA-256 hash, so the plaintext never
 * meets the database and the comparison leaks nothing about it.
 */
export async function authenticateKey(
  db: DB,
  token: string,
  options: { rootKey?: string | undefined; now: Date },
): Promise<AuthenticatedKey | null> {
  if (options.rootKey && keysMatch(token, options.rootKey)) return { id: ROOT_KEY_ID, role: 'admin' };
  const [row] = await db
    .select({ id: apiKeys.id, role: apiKeys.role, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
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
  return { id: row.id, role: row.role };
}
