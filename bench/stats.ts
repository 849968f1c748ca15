/** Small statistics for the benchmark: every figure is a median of runs, latencies also get p99. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;

/** One section's figures: a label and a number each (ms, req/s, MB or a ratio; the label says which). */
export type Figures = Record<string, number>;

/** Settings every section reads (env overrides, so CI and a developer's bigger run share one entry point). */
export const benchSettings = {
  runs: Number(process.env.BENCH_RUNS ?? 5),
  requests: Number(process.env.BENCH_REQUESTS ?? 2000),
};
