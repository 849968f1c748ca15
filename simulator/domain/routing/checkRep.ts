import type { RoutedRep } from './routedRep.ts';
import type { RoutingConfig } from './routingSchema.ts';

/** A problem with a rep under a routing: the field path and what is wrong. */
export interface RepProblem {
  path: string;
  message: string;
}

/** Checks a rep against a routing (queues it takes work from; the reps layer adds its script's transfers). */
export type RepCheck<R extends RoutedRep> = (rep: R, routing: RoutingConfig) => RepProblem | undefined;

export const undeclaredQueue = (routing: RoutingConfig, queue: string): string | undefined => {
  const names = routing.queues.map((q) => q.name);
  return names.includes(queue) ? undefined : `no queue "${queue}" is declared (declared: ${names.join(', ')})`;
};

/** Every queue a rep takes work from must be declared by the routing. */
export function checkRepQueues(rep: RoutedRep, routing: RoutingConfig): RepProblem | undefined {
  for (const [i, q] of rep.queues.entries()) {
    const message = undeclaredQueue(routing, q);
    if (message) return { path: `queues.${i}`, message };
  }
  return undefined;
}
