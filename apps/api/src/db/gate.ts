import type { DB } from './database';

/** One piece of work waiting for a slot. */
interface Job {
  /** Jobs of one key may run as one batch; a job without a key runs alone. */
  key: string | undefined;
  input: unknown;
  run: (inputs: unknown[]) => Promise<unknown[]>;
  resolve: (output: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs at most `slots` pieces of work at once; the rest wait in arrival order. When a slot frees, the
 * first waiting job takes it, with the jobs of its key that wait behind it (up to `batchSize`) as one
 * batch. No library found does this: a concurrency limiter (p-limit) never batches, and a loader
 * (DataLoader) batches by event-loop tick, not by a free slot.
 */
export class Gate {
  private running = 0;
  private readonly waiting: Job[] = [];

  constructor(
    readonly slots: number,
    readonly batchSize: number,
  ) {}

  /** How many jobs wait for a slot. */
  get pendingCount(): number {
    return this.waiting.length;
  }

  /** Runs `work` in a slot of its own. */
  alone<T>(work: () => Promise<T>): Promise<T> {
    return this.enqueue(undefined, undefined, async () => [await work()]) as Promise<T>;
  }

  /**
   * Runs `input` in a batch of inputs of the same `key`: `run` takes them in arrival order and answers
   * each, in the same order. A failed run fails every job of its batch.
   */
  together<I, O>(key: string, input: I, run: (inputs: I[]) => Promise<O[]>): Promise<O> {
    return this.enqueue(key, input, run as (inputs: unknown[]) => Promise<unknown[]>) as Promise<O>;
  }

  private enqueue(key: string | undefined, input: unknown, run: Job['run']): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, input, run, resolve, reject });
      this.startWaiting();
    });
  }

  private startWaiting(): void {
    while (this.running < this.slots && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.running++;
      Promise.resolve()
        .then(() => batch[0]!.run(batch.map((job) => job.input)))
        .then(
          (outputs) => batch.forEach((job, index) => job.resolve(outputs[index])),
          (error: unknown) => batch.forEach((job) => job.reject(error)),
        )
        .finally(() => {
          this.running--;
          this.startWaiting();
        });
    }
  }

  /** The first waiting job, and the jobs of its key waiting behind it, up to `batchSize`. */
  private takeBatch(): Job[] {
    const first = this.waiting.shift()!;
    const batch = [first];
    if (first.key === undefined) return batch;
    for (let index = 0; index < this.waiting.length && batch.length < this.batchSize; ) {
      if (this.waiting[index]!.key === first.key) batch.push(...this.waiting.splice(index, 1));
      else index++;
    }
    return batch;
  }
}

/** The gates of each database object, by name, as prepared statements are kept: each app and each test has its own. */
const gatesByDatabase = new WeakMap<DB, Map<string, Gate>>();

/**
 * The gate `name` of `db`, made with `slots` and `batchSize` on first use: a gate in front of one kind
 * of statement, per database handle (one process), that bounds how many such statements run at once
 * and lets the requests that wait meanwhile share one. The claim (ADR 0053) and ingestion (ADR 0054)
 * go through one each.
 */
export function gateFor(db: DB, name: string, slots: number, batchSize: number): Gate {
  let gates = gatesByDatabase.get(db);
  if (!gates) {
    gates = new Map();
    gatesByDatabase.set(db, gates);
  }
  let gate = gates.get(name);
  if (!gate) {
    gate = new Gate(slots, batchSize);
    gates.set(name, gate);
  }
  return gate;
}
