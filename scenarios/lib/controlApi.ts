import type { RunningSimulator } from '../../simulator/index.ts';

/** Wait, in 10 ms ticks, until `check` holds or `timeoutMs` passes; whether it holds. */
export const waitUntil = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return check();
};

/** A control API call; a refusal names the scenario field it came from. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- control API JSON, narrowed by the callers
export async function control(sim: RunningSimulator, method: string, path: string, body?: unknown, field?: string): Promise<any> {
  const res = await fetch(`${sim.url}/__sim/v1${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${field ? `${field}: ` : ''}${method} /__sim/v1${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
