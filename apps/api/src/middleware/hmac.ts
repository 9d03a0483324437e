import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one HMAC helper every webhook verifier shares. Signatures are always computed over the exact
 * bytes that arrived, never over a re-serialisation of the parsed JSON.
 */
export function hmacSha256(key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * Constant-time equality. Lengths are compared first (a length is not secret: every valid MAC has
 * the same one), because `timingSafeEqual` throws on buffers of different sizes.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares two strings in constant time through their UTF-8 bytes (used for shared secrets). */
export function constantTimeEqualText(candidate: string, expected: string): boolean {
  // Hashing both sides first keeps the comparison length-independent, so a wrong guess does not
  // even reveal the secret's length.
  return constantTimeEqual(hmacSha256('loop-compare', candidate), hmacSha256('loop-compare', expected));
}

const lowerHex = /^[0-9a-f]+$/;

/**
 * Checks a lowercase hex HMAC-SHA256 (what GitHub and Sentry send) against the body. The format is
 * strict — exactly 64 lowercase hex digits, as the providers emit it — so a truncated, padded or
 * re-encoded signature fails before any comparison.
 */
export function verifyHexHmacSha256(secret: string, body: Uint8Array, signatureHex: string): boolean {
  if (signatureHex.length !== 64 || !lowerHex.test(signatureHex)) return false;
  return constantTimeEqual(hmacSha256(secret, body), Buffer.from(signatureHex, 'hex'));
}
