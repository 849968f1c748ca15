import { linearRegex } from '../../shared/linearRegex.ts';
import { ownValue } from '../../shared/ownValue.ts';
import type { RoutingConfig } from './routingSchema.ts';

/** The queue for a session's routing attributes: the first rule that matches, else the default queue. */
export function chooseQueue(config: RoutingConfig, attributes: Record<string, string>): string {
  for (const rule of config.rules ?? []) {
    const value = ownValue(attributes, rule.attribute);
    if (value === undefined) continue;
    if (rule.equals !== undefined ? value === rule.equals : linearRegex(rule.matches ?? '').test(value)) return rule.queue;
  }
  return config.defaultQueue;
}
