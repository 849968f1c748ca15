import { isTranscriptText } from '../../client/transcript.ts';
import { ownValue } from '../shared/ownValue.ts';
import type { JournalRecord } from '../store/types.ts';

/** One scenario step, placed where the journal had it: `at` on the simulated clock. */
export interface PlacedStep {
  at: number;
  step: Record<string, unknown>;
  /** For a step the customer or the rep takes in a conversation: which one, and the message it sent. */
  conversationId?: string;
  messageId?: string;
  /** For a handoff: what the client created the conversation with (`routingAttributes`, `language`). */
  created?: unknown;
  /**
   * For a choice the customer answered: the option's identifier. The step names it for now
   * (`{"customerAnswers": {"option": <id>}}`); the builder, which has the conversation, names it
   * by the title or number a replay can give (ids the simulator made up differ on every run).
   */
  option?: string;
  /** For a file the customer sent: the step's `customerSendsFile` says only which conversation; the builder fills in the file the simulator recorded. */
  file?: true;
}

/** What the journal's window says happened, in the scenario's vocabulary. */
export interface Timeline {
  /** Fault bodies armed before the first handoff (re-armed before the run). */
  faults: unknown[];
  /** Deployment bodies created for `defaultOrgId` (created before the run). */
  deployments: unknown[];
  steps: PlacedStep[];
  /** The conversations the window created, in order. */
  conversationIds: string[];
  /** The data-plane requests of the window (for the journal expectations). */
  dataPlane: JournalRecord[];
  /** What the client sent its token exchanges with: the first exchange's org and deployment. */
  exchangedWith?: { orgId?: string; esDeveloperName?: string };
  /** The `User-Agent` of the window's first token exchange or create ('' when it sent none): which client made the session. */
  userAgent?: string;
  /** Changes the scenario format cannot replay, one line each. */
  notReplayed: string[];
  /** Conversations the end user closed (the format has no step for it, so their status is not expected). */
  closedByEndUser: Set<string>;
}

const CONTROL = '/__sim/v1';
const CREATE = '/iamessage/api/v2/conversation';
const CUSTOMER_MESSAGE = /^\/iamessage\/api\/v2\/conversation\/[^/]+\/message$/;
const CUSTOMER_FILE = /^\/iamessage\/api\/v2\/conversation\/[^/]+\/file$/;
const REP_ACTION = /^\/conversations\/([^/]+)\/(accept|end-session|close|typing|messages|events|transfer)$/;
const ok = (r: JournalRecord) => r.status >= 200 && r.status < 300;
/** A field of a JSON body from the journal, only its own (never one `Object.prototype` answers). */
export const field = (body: unknown, name: string): unknown => (body && typeof body === 'object' ? ownValue(body as Record<string, unknown>, name) : undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
/** A path segment as the router read it (a malformed escape stays as it was rather than throw). */
const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * Read a journal window as a scenario: the control API's changes (faults, clock moves, presence,
 * the rep's actions) become set-up or steps in the order they were made, and the data plane's
 * conversation creates and end-user messages become `handoff` and `customerSays` steps. The
 * transcript the client sends is part of its handoff, so it is not a step of its own.
 */
export function readTimeline(journal: readonly JournalRecord[], defaultOrgId: string): Timeline {
  let t = empty();
  let current: string | undefined;
  let firstExchange: JournalRecord | undefined;
  let exchangeAt = 0; // where a handoff that created no conversation goes among the steps
  const seenMessages = new Set<string>();
  const place = (r: JournalRecord, step: Record<string, unknown>, conversationId?: string, messageId?: string) => t.steps.push({ at: r.at, step, conversationId, messageId, created: step.handoff && r.request.body });

  for (const r of journal) {
    if (!r.path.startsWith(`${CONTROL}/`)) {
      t.dataPlane.push(r);
      const body = r.request.body;
      if (r.method === 'DELETE' && r.conversationId && ok(r) && !t.closedByEndUser.has(r.conversationId)) {
        t.closedByEndUser.add(r.conversationId);
        t.notReplayed.push(`the end user closed conversation ${r.conversationId} (journal position ${r.seq}): its status is not expected`);
      }
      if (r.method !== 'POST') continue;
      if (r.path.endsWith('/access-token') && !firstExchange) {
        firstExchange = r;
        exchangeAt = t.steps.length;
      }
      const conversationId = text(field(body, 'conversationId'));
      if (t.userAgent === undefined && (r.path.endsWith('/access-token') || r.path === CREATE)) t.userAgent = ownValue(r.request.headers, 'user-agent') ?? '';
      if (r.path === CREATE && conversationId && !t.conversationIds.includes(conversationId)) {
        t.conversationIds.push(conversationId);
        current = conversationId;
        place(r, { handoff: {} }, conversationId);
      }
      if (CUSTOMER_FILE.test(r.path) && ok(r)) {
        const nth = r.conversationId ? t.conversationIds.indexOf(r.conversationId) + 1 : 0;
        if (!nth) t.notReplayed.push(`the end user's file at journal position ${r.seq}: to a conversation this window did not create`);
        else t.steps.push({ at: r.at, step: { customerSendsFile: r.conversationId === current ? {} : { conversation: nth } }, conversationId: r.conversationId, file: true });
        continue;
      }
      const message = field(body, 'message');
      const messageId = text(field(message, 'id'));
      if (!CUSTOMER_MESSAGE.test(r.path) || !messageId || seenMessages.has(messageId)) continue;
      const said = customerStep(message, r.seq);
      if (!said) continue;
      seenMessages.add(messageId);
      if ('notReplayed' in said) {
        t.notReplayed.push(said.notReplayed);
        continue;
      }
      if (said.text !== undefined && isTranscriptText(said.text)) continue;
      const nth = r.conversationId ? t.conversationIds.indexOf(r.conversationId) + 1 : 0;
      if (!nth) t.notReplayed.push(`the end user's message at journal position ${r.seq}: to a conversation this window did not create`);
      else t.steps.push({ at: r.at, step: said.step(r.conversationId === current ? undefined : nth), conversationId: r.conversationId, messageId, ...(said.option ? { option: said.option } : {}) });
      continue;
    }
    if (r.method === 'GET' || !ok(r)) continue; // a refused change changed nothing
    const path = r.path.slice(CONTROL.length);
    const body = r.request.body;
    const what = `${r.method} ${r.path} (journal position ${r.seq})`;
    if (r.method === 'POST' && path === '/reset') {
      const dropped = t.steps.length + t.faults.length + t.deployments.length + t.notReplayed.length > 0;
      t = empty();
      current = undefined;
      firstExchange = undefined;
      if (dropped) t.notReplayed.push(`what came before the reset at journal position ${r.seq}: the file starts after it`);
      continue;
    }
    if (r.method === 'POST' && path === '/faults') {
      if (t.conversationIds.length) place(r, { fault: body });
      else t.faults.push(body);
      continue;
    }
    if (r.method === 'DELETE' && path === '/faults') {
      if (t.conversationIds.length) place(r, { clearFaults: true });
      else t.faults = [];
      continue;
    }
    if (r.method === 'POST' && path === '/clock/advance') {
      place(r, { advanceClock: body });
      continue;
    }
    if (r.method === 'POST' && path === '/tokens/expire') {
      if (field(body, 'subject') !== undefined) t.notReplayed.push(`${what}: replayed as expiring every access token, not one subject's`);
      place(r, { expireAccessTokens: true });
      continue;
    }
    const presence = path.match(/^\/reps\/([^/]+)$/);
    if (r.method === 'PATCH' && presence) {
      place(r, { setPresence: { rep: decoded(presence[1]!), presence: field(body, 'presence') } });
      continue;
    }
    const deployment = path.match(/^\/orgs\/([^/]+)\/deployments$/);
    if (r.method === 'POST' && deployment) {
      if (deployment[1] === defaultOrgId) t.deployments.push(body);
      else t.notReplayed.push(`${what}: a deployment of another org`);
      continue;
    }
    const action = path.match(REP_ACTION);
    if (r.method === 'POST' && action) {
      const conversationId = decoded(action[1]!);
      const nth = t.conversationIds.indexOf(conversationId) + 1;
      if (!nth) t.notReplayed.push(`${what}: an action on a conversation this window did not create`);
      else place(r, repStep(action[2]!, body, conversationId === current ? undefined : nth), conversationId);
      continue;
    }
    // The reps and routing in force come from the state; the widget's changes show on the data plane.
    if ((r.method === 'POST' && path === '/reps') || (r.method === 'PUT' && path === '/routing') || path.startsWith('/widget/')) continue;
    t.notReplayed.push(what);
  }
  if (!t.conversationIds.length && firstExchange) t.steps.splice(exchangeAt, 0, { at: firstExchange.at, step: { handoff: {} } });
  if (firstExchange) t.exchangedWith = { orgId: text(field(firstExchange.request.body, 'orgId')), esDeveloperName: text(field(firstExchange.request.body, 'esDeveloperName')) };
  return t;
}

/** What an end user's message becomes: a step (on the latest conversation, or the nth), or why it cannot be replayed. */
type CustomerStep = { step: (nth: number | undefined) => Record<string, unknown>; text?: string; option?: string } | { notReplayed: string };

/**
 * An end user's message as a customer step: text as `customerSays`, a choice as `customerAnswers`
 * (its option resolved later, see `PlacedStep.option`), a form's values as `customerAnswers.form`.
 * On an earlier conversation than the latest the step names it (`"conversation": n`). Undefined
 * for a message of no type the end user sends (the simulator refused it).
 */
function customerStep(message: unknown, seq: number): CustomerStep | undefined {
  const on = (nth: number | undefined) => (nth ? { conversation: nth } : {});
  switch (field(message, 'messageType') ?? 'StaticContentMessage') {
    case 'StaticContentMessage': {
      const said = text(field(field(message, 'staticContent'), 'text'));
      if (said === undefined) return undefined;
      return { text: said, step: (nth) => ({ customerSays: nth ? { text: said, ...on(nth) } : said }) };
    }
    case 'ChoicesResponseMessage': {
      const selected = field(field(message, 'choicesResponse'), 'selectedOptions');
      const options = Array.isArray(selected) ? selected.map((o) => text(field(o, 'optionIdentifier'))) : [];
      const option = options[0];
      if (options.length !== 1 || !option) return { notReplayed: `the end user's choice at journal position ${seq}: ${options.length} options selected at once (a replay answers one)` };
      return { option, step: (nth) => ({ customerAnswers: { option, ...on(nth) } }) };
    }
    case 'FormResponseMessage': {
      const values = field(field(message, 'formResponse'), 'result');
      if (!values || typeof values !== 'object' || Array.isArray(values)) return { notReplayed: `the end user's form at journal position ${seq}: no formResponse.result to fill the form with` };
      return { step: (nth) => ({ customerAnswers: { form: values, ...on(nth) } }) };
    }
    default:
      return undefined;
  }
}

/**
 * A rep's action on the control API as a scenario step: text as `repSays`, a rich message as
 * `repSends`, an event as `repEvent`; `nth` names the conversation when it is not the latest.
 */
function repStep(action: string, body: unknown, nth: number | undefined): Record<string, unknown> {
  const rep = text(field(body, 'repName'));
  const on = { ...(rep ? { rep } : {}), ...(nth ? { conversation: nth } : {}) };
  switch (action) {
    case 'messages': {
      const said = text(field(body, 'text'));
      return said === undefined ? { repSends: { message: field(body, 'message'), ...on } } : { repSays: { text: said, ...on } };
    }
    case 'events':
      return { repEvent: { event: field(body, 'event'), ...on } };
    case 'typing':
      return { rep: { action: field(body, 'isTyping') ? 'typing' : 'stop-typing', ...on } };
    case 'transfer':
      return { transfer: { queue: field(body, 'queue'), ...(nth ? { conversation: nth } : {}) } };
    default:
      return { rep: { action, ...on } };
  }
}

function empty(): Timeline {
  return { faults: [], deployments: [], steps: [], conversationIds: [], dataPlane: [], notReplayed: [], closedByEndUser: new Set() };
}
