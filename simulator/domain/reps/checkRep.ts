import { checkRepQueues, undeclaredQueue, type RepProblem } from '../routing/checkRep.ts';
import type { RoutingConfig } from '../routing/routingSchema.ts';
import type { RepConfig } from './repSchema.ts';
import { allSteps } from './scriptSchema.ts';

/** Every queue a rep takes work from, or its script transfers to, must be declared by the routing. */
export function checkRep(rep: RepConfig, routing: RoutingConfig): RepProblem | undefined {
  const queues = checkRepQueues(rep, routing);
  if (queues) return queues;
  for (const { path, step } of allSteps(rep.script ?? [])) {
    const message = step.transfer === undefined ? undefined : undeclaredQueue(routing, step.transfer);
    if (message) return { path: `script.${path}.transfer`, message };
  }
  return undefined;
}
