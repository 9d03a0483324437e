import type { DB } from '../../db/database';

/**
 * How many claims one database handle (one process) runs at once; the rest wait their turn, in order.
 * Concurrent claimers all read the same top of the queue: each skips the rows the others hold and
 * steps over the entries of issues claimed a moment ago, which no vacuum may clear while another
 * claim's snapshot is open. Past a few claims in flight, that costs PostgreSQL more per claim than
 * the extra concurrency wins (ADR 0050).
 */
export const claimsInFlight = 4;

/** A counting semaphore: `run` starts `work` once fewer than `limit` others are running. */
export class Gate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.limit) this.#running++;
    // The slot is handed over by `#release`, so the count never drops for a newcomer to take it.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  #release() {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}

/** One gate per database object, as prepared statements are kept: each app and each test has its own. */
const gates = new WeakMap<DB, Gate>();

export function claimGate(db: DB): Gate {
  let gate = gates.get(db);
  if (!gate) {
    gate = new Gate(claimsInFlight);
    gates.set(db, gate);
  }
  return gate;
}
