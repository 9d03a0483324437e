import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const keyPrefix = 'loop_';

/** 32 random bytes, base64url: 256 bits of entropy behind a recognisable prefix. */
export function generateKey(): string {
  return keyPrefix + randomBytes(32).toString('base64url');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part of a key that is safe to display. */
export const displayPrefix = (key: string) => key.slice(0, keyPrefix.length + 6);

/** Constant-time comparison of two keys through their hashes (equal length by construction). */
export function keysMatch(candidate: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(hashKey(candidate), 'hex'), Buffer.from(hashKey(expected), 'hex'));
}
