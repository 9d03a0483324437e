import { randomFillSync } from 'node:crypto';
// The entry file by name: cuid2 3.0.0's manifest has no `main` or `exports`, and Node warns
// (DEP0151) when it has to guess the entry of such an ES module package. ADR 0018 says why 3.0.0.
import { init } from '@paralleldrive/cuid2/index.js';

/**
 * Random 32-bit values drawn from the CSPRNG in batches: cuid2 asks its `random` for one number per
 * character (25 calls per id), and every call into Node's CSPRNG (`randomFillSync`,
 * `crypto.getRandomValues`) costs far more than the four bytes it returns, so one draw per number
 * made each id several times dearer in CPU (measured against its removal: docs/benchmarks.md).
 */
const pool = new Uint32Array(512);
let next = pool.length;

/**
 * A uniform float in [0, 1): one 32-bit value over 2^32, the same distribution as the CSPRNG default
 * of cuid2's later releases.
 */
function random(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 0x1_0000_0000;
}

let generate: (() => string) | undefined;

/**
 * A new CUID2 (ADR 0005, ADR 0018): cuid2's own generator, fed from the pooled CSPRNG above. The only
 * generator the app uses: cuid2 3.0.0's `createId` would fall back on `Math.random`. The generator is
 * made by the first id: making it hashes a fingerprint of the process (SHA-3), which a cold start that
 * only reads never needs (ADR 0044).
 */
export function newId(): string {
  return (generate ??= init({ random }))();
}
