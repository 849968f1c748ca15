import type { AccessTokens } from '../auth/accessToken.ts';
import type { Clock } from '../shared/clock.ts';
import type { EventHub } from '../events/hub.ts';
import type { FaultRules } from '../faults/faultRules.ts';
import type { HungRequests } from '../faults/hungRequests.ts';
import type { LiveFeed } from '../events/liveFeed.ts';
import type { SimOptions } from './options.ts';
import type { Omni } from '../domain/routing/omni.ts';
import type { Seed } from '../store/seed.ts';
import type { Store } from '../store/store.ts';
import type { WidgetHandoffs } from '../control/widgetHandoffs.ts';

/** What every handler and domain function may use. Built once by `createApp`. */
export interface SimContext {
  options: SimOptions;
  clock: Clock;
  store: Store;
  hub: EventHub;
  tokens: AccessTokens;
  /** Fault rules in force (not part of the exported state; cleared by reset). */
  faults: FaultRules;
  /** Requests a `hang` fault holds open; reset (and shutdown) releases them. */
  hung: HungRequests;
  /** Queues, routing rules, reps and their scripts (not part of the exported state; reset restores the seed's). */
  routing: Omni;
  /** The orgs, deployments and keysets `POST /__sim/v1/reset` restores. */
  seed: Seed;
  /** Change notices for the live feed (`/__sim/v1/live`) the console and widget pages follow. */
  live: LiveFeed;
  /** Handoffs the widget page started, run by the real handoff client in-process. */
  widgets: WidgetHandoffs;
  /** Where the simulator's own diagnostics go (already scrubbed of secrets). */
  log: (line: string) => void;
}
