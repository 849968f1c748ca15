/**
 * A fixed amount of CPU work, for the tail model (bench/tails.ts): a bare node:http server that
 * also spins N microseconds of CPU per request stands for "bare node:http plus N us of our own work,
 * and nothing else" (no allocation, no GC, no I/O). It spins until the process's CPU time
 * (getrusage) has moved N us: being preempted does not shorten the work, and a loop that runs slower
 * on a busy machine (shared caches, a sibling hyper-thread) does not lengthen it.
 */

/** Read back so the loop cannot be optimised away. */
let sink = 1;

function work(iterations: number): void {
  let x = sink | 1;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  sink = x;
}

const cpuUs = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** A function that spends about `us` microseconds of CPU per call (nothing when `us` is 0). */
export function spinner(us: number): () => void {
  if (!(us > 0)) return () => {};
  return () => {
    const end = cpuUs() + us;
    while (cpuUs() < end) work(200);
  };
}
