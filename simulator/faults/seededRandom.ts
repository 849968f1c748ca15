/**
 * A tiny seeded pseudo-random generator (mulberry32): the same seed gives the same sequence of
 * numbers in [0, 1), so a run with probabilistic faults can be repeated exactly. Not for secrets.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for a rule that did not bring one; shown in the rule so the run can be repeated. */
export const randomSeed = (): number => Math.floor(Math.random() * 2 ** 32);
