import { AccessTokens } from '../auth/accessToken.ts';
import { AutoResponder } from '../domain/conversations/autoResponses.ts';
import { JWKS_MAX_AGE_MS, JwksKeys } from '../auth/jwksKeys.ts';
import type { ConversationChange, ConversationDeps } from '../domain/conversations/changes.ts';
import { checkRep } from '../domain/reps/checkRep.ts';
import type { RepConfig } from '../domain/reps/repSchema.ts';
import { ScriptedReps } from '../domain/reps/scriptedReps.ts';
import { Omni } from '../domain/routing/omni.ts';
import { streamEntry } from '../events/conversationFeed.ts';
import { EventHub } from '../events/hub.ts';
import { LiveFeed } from '../events/liveFeed.ts';
import { FaultRules } from '../faults/faultRules.ts';
import { HungRequests } from '../faults/hungRequests.ts';
import { WidgetHandoffs, type DefaultKeyPair } from '../control/widgetHandoffs.ts';
import type { Seed } from '../config/seed.ts';
import { SimClock, type Clock } from '../shared/clock.ts';
import { scrubSecrets } from '../shared/redact.ts';
import { applySeed } from '../store/seed.ts';
import { Store } from '../store/store.ts';
import { accessPolicy } from './accessPolicy.ts';
import type { SimContext } from './context.ts';
import { withDefaults, type SimOptions } from './options.ts';
import type { ImportedState } from './stateFile.ts';

export interface SimDeps {
  seed: Seed;
  options?: Partial<SimOptions>;
  clock?: Clock;
  /** Secret the access tokens are signed with; keep it to keep tokens valid across restarts. */
  tokenSecret?: Uint8Array;
  /** State to start from (`--import`); the seed is used when absent. */
  state?: ImportedState;
  log?: (line: string) => void;
  /** The default org's key pair, for the widget's in-process handoff client (never sent to a page). */
  defaultKeys?: DefaultKeyPair;
}

/**
 * Build the simulator's state and services, and wire them: a conversation change goes to the event
 * stream and live feed first, then to the auto-responses, then to routing, then to the scripted reps (all synchronously, in
 * that order). `createApp(ctx)` puts HTTP in front of them.
 */
export function createContext(deps: SimDeps): SimContext {
  const options = withDefaults(deps.options);
  const clock = deps.clock ?? new SimClock();
  const store = new Store(options);
  if (deps.state) {
    // Custom fields come from the seed (defaults + config file); connected apps and integration
    // users too, unless the state holds them (added at run time, they are part of it).
    store.salesforce.restoreSetup(deps.seed);
    store.import(deps.state);
  } else applySeed(store, deps.seed);
  const live = new LiveFeed();
  const hub = new EventHub();
  const write = deps.log ?? ((line: string) => console.error(line));
  const log = (line: string) => write(scrubSecrets(line));

  const listeners: Array<(change: ConversationChange) => void> = [];
  const conversations: ConversationDeps = { store, clock, publish: (change) => listeners.forEach((listener) => listener(change)) };
  const routing = new Omni<RepConfig>({ conversations, checkRep, changed: () => live.publish({ type: 'routing' }) });
  const reps = new ScriptedReps({ routing, conversations, clock, journal: store.journal, log });
  const autoResponses = new AutoResponder({ conversations, clock });
  listeners.push(
    (change) => {
      if (change.type === 'entry') streamEntry({ store, hub, live }, change.conversation, change.entry, change.stream);
      else if (change.type === 'conversation-closed') live.publish({ type: 'conversation', conversationId: change.conversation.id });
    },
    // Before routing, so a session's start message comes before its RoutingResult.
    (change) => autoResponses.handle(change),
    (change) => routing.handle(change),
    (change) => reps.handle(change),
  );
  reps.restore(deps.seed);

  const ctx: SimContext = {
    options,
    access: accessPolicy(options),
    clock,
    store,
    conversations,
    hub,
    tokens: new AccessTokens(clock, deps.tokenSecret, (jti) => store.revokedTokens.has(jti), store.tokenCutoffs),
    jwks: new JwksKeys({
      now: () => clock.now(),
      timeoutMs: options.jwksTimeoutMs,
      maxBytes: options.jwksMaxBytes,
      refetchAfterMs: options.jwksRefetchSeconds * 1000,
      maxAgeMs: JWKS_MAX_AGE_MS,
    }),
    faults: new FaultRules(),
    hung: new HungRequests(),
    routing,
    reps,
    autoResponses,
    seed: deps.seed,
    live,
    widgets: new WidgetHandoffs(live, deps.defaultKeys),
    log,
  };
  if (deps.state) {
    // A clock that was moved ahead is as far ahead after the restart (real time went on meanwhile).
    const behind = (deps.state.clock?.offsetMs ?? 0) - clock.offsetMs;
    if (behind > 0) clock.advance(behind);
    if (deps.state.routing) routing.restoreSnapshot(deps.state.routing);
    routing.requeueWaiting();
    autoResponses.resume();
  }
  return ctx;
}
