import type { Gate } from '../../src/db/gate';

/** A piece of work that runs until the test lets it finish. */
export function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

/** Lets every pending callback run: resolved promises, then one turn of timers. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Takes every slot of `gate` with work the test finishes; `release` frees them all. */
export function takeEverySlot(gate: Gate) {
  const slots = Array.from({ length: gate.slots }, () => held());
  const taken = slots.map((slot) => gate.alone(() => slot.done));
  return {
    release: async () => {
      for (const slot of slots) slot.finish();
      await Promise.all(taken);
    },
  };
}
