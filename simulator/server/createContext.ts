import { AccessTokens } from '../auth/accessToken.ts';
import { SimClock, type Clock } from '../shared/clock.ts';
import type { SimContext } from './context.ts';
import { EventHub } from '../events/hub.ts';
import { FaultRules } from '../faults/faultRules.ts';
import { HungRequests } from '../faults/hungRequests.ts';
import { LiveFeed } from '../events/liveFeed.ts';
import { withDefaults, type SimOptions } from './options.ts';
import { scrubSecrets } from '../shared/redact.ts';
import { Omni } from '../domain/routing/omni.ts';
import { applySeed, type Seed } from '../store/seed.ts';
import { Store, type StateSnapshot } from '../store/store.ts';
import { WidgetHandoffs, type DefaultKeyPair } from '../control/widgetHandoffs.ts';

export interface SimDeps {
  seed: Seed;
  options?: Partial<SimOptions>;
  clock?: Clock;
  /** Secret the access tokens are signed with; keep it to keep tokens valid across restarts. */
  tokenSecret?: Uint8Array;
  /** State to start from (`--import`); the seed is used when absent. */
  state?: StateSnapshot;
  log?: (line: string) => void;
  /** The default org's key pair, for the widget's in-process handoff client (never sent to a page). */
  defaultKeys?: DefaultKeyPair;
}

/** Build the simulator's state and services; `createApp(ctx)` puts HTTP in front of them. */
export function createContext(deps: SimDeps): SimContext {
  const options = withDefaults(deps.options);
  const clock = deps.clock ?? new SimClock();
  const store = new Store(options);
  if (deps.state) store.import(deps.state);
  else applySeed(store, deps.seed);
  const live = new LiveFeed();
  const write = deps.log ?? ((line: string) => console.error(line));
  const ctx: SimContext = {
    options,
    clock,
    store,
    hub: new EventHub(),
    tokens: new AccessTokens(clock, deps.tokenSecret, (jti) => store.revokedTokens.has(jti), store.tokenCutoffs),
    faults: new FaultRules(),
    hung: new HungRequests(),
    routing: new Omni(() => ctx, deps.seed, () => live.publish({ type: 'routing' })),
    seed: deps.seed,
    live,
    widgets: new WidgetHandoffs(live, deps.defaultKeys),
    log: (line) => write(scrubSecrets(line)),
  };
  if (deps.state) {
    // A clock that was moved ahead is as far ahead after the restart (real time went on meanwhile).
    const behind = (deps.state.clock?.offsetMs ?? 0) - clock.offsetMs;
    if (behind > 0) clock.advance(behind);
    if (deps.state.routing) ctx.routing.restoreSnapshot(deps.state.routing);
    ctx.routing.requeueWaiting();
  }
  return ctx;
}
