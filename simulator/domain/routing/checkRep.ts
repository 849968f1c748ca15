import type { RepConfig } from '../reps/repSchema.ts';
import type { RoutingConfig } from './routingSchema.ts';

/** A problem with a rep's queues (or its script's transfers) under a routing: the field path and what is wrong. */
export interface RepProblem {
  path: string;
  message: string;
}

/** Every queue a rep takes work from, or transfers to, must be declared by the routing. */
export function checkRep(rep: RepConfig, routing: RoutingConfig): RepProblem | undefined {
  const names = routing.queues.map((q) => q.name);
  const missing = (q: string) => `no queue "${q}" is declared (declared: ${names.join(', ')})`;
  for (const [i, q] of rep.queues.entries()) if (!names.includes(q)) return { path: `queues.${i}`, message: missing(q) };
  for (const [i, step] of (rep.script ?? []).entries()) {
    if (step.transfer !== undefined && !names.includes(step.transfer)) return { path: `script.${i}.transfer`, message: missing(step.transfer) };
  }
  return undefined;
}
