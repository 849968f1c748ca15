import type { AccessTokens } from '../auth/accessToken.ts';
import type { AutoResponder } from '../domain/conversations/autoResponses.ts';
import type { JwksKeys } from '../auth/jwksKeys.ts';
import type { ConversationDeps } from '../domain/conversations/changes.ts';
import type { RepConfig } from '../domain/reps/repSchema.ts';
import type { ScriptedReps } from '../domain/reps/scriptedReps.ts';
import type { Omni } from '../domain/routing/omni.ts';
import type { EventHub } from '../events/hub.ts';
import type { LiveFeed } from '../events/liveFeed.ts';
import type { FaultRules } from '../faults/faultRules.ts';
import type { AccessPolicy } from '../http/controlAccess.ts';
import type { HungRequests } from '../faults/hungRequests.ts';
import type { WidgetHandoffs } from '../control/widgetHandoffs.ts';
import type { Clock } from '../shared/clock.ts';
import type { Seed } from '../config/seed.ts';
import type { Store } from '../store/store.ts';
import type { SimOptions } from './options.ts';

/**
 * The simulator's services, built once by `createContext`. Routers take it; domain functions take
 * only the narrow part they need (`conversations`, or `{ routing, conversations }` for a rep's action).
 */
export interface SimContext {
  options: SimOptions;
  /** Who may reach the simulator and drive its control plane (Host, Origin, control token). */
  access: AccessPolicy & { controlTokenGenerated: boolean };
  clock: Clock;
  store: Store;
  /** What the conversation domain works with: the store, the clock, and where its changes go. */
  conversations: ConversationDeps;
  hub: EventHub;
  tokens: AccessTokens;
  /** Keys of keysets that publish them at a JWKS URL, fetched and cached. */
  jwks: JwksKeys;
  /** Fault rules in force (not part of the exported state; cleared by reset). */
  faults: FaultRules;
  /** Requests a `hang` fault holds open; reset (and shutdown) releases them. */
  hung: HungRequests;
  /** Queues, routing rules, reps and who holds what (not part of the exported state; reset restores the seed's). */
  routing: Omni<RepConfig>;
  /** Scripted reps' running scripts. */
  reps: ScriptedReps;
  /** The deployments' auto-responses and inactivity timers. */
  autoResponses: AutoResponder;
  /** The orgs, deployments, keysets, routing and reps `POST /__sim/v1/reset` restores. */
  seed: Seed;
  /** Change notices for the live feed (`/__sim/v1/live`) the console and widget pages follow. */
  live: LiveFeed;
  /** Handoffs the widget page started, run by the real handoff client in-process. */
  widgets: WidgetHandoffs;
  /** Where the simulator's own diagnostics go (already scrubbed of secrets). */
  log: (line: string) => void;
  /** With `--persist`: the state kept on disk as it changes (`server/persist/`). */
  persist?: Persistence;
}

/** What a persisting simulator offers the rest: whether a change waits for its write, a wait for that write, and stop. */
export interface Persistence {
  /** Is a change not yet on disk? Then whatever a client would see now must wait (`afterFlush`). */
  pending(): boolean;
  /**
   * `release` runs once the changes made so far are on disk: at the end of this turn of the event
   * loop, with every other change of the turn in one write. It is given the error when the write
   * failed (the changes stay pending and are retried with the next write; what waited must not go out).
   */
  afterFlush(release: (failed?: unknown) => void): void;
  close(): void;
}
