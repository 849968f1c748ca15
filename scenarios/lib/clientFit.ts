import type { Scenario } from './scenarioSchema.ts';

/** A scenario field its client cannot act on or report. */
export interface Misfit {
  field: string;
  expected: string;
  /** Not a mistake in the file but a way to run it: said as it is, without "Invalid scenario". */
  oneLine?: boolean;
}

const EXTERNAL_REPORTS = 'an external client is judged on what the simulator recorded (expect.recorded, expect.conversations, expect.journal, expect.client.exitCode, expect.handoff.outcome)';

/** Steps the built-in client acts on: the customer's side of the conversation, and disconnecting it. */
const BUILT_IN_STEPS = ['customerSays', 'customerAnswers', 'customerSendsFile', 'customerReads', 'disconnect', 'waitFor'];

/** The fields only the built-in handoff client acts on or reports (its retries, its steps, its channel, its stream). */
function builtInOnly(s: Scenario): string[] {
  const { handoff, recorded } = s.expect;
  return [
    s.client.retry && 'client.retry',
    s.client.streamIdleTimeoutMs !== undefined && 'client.streamIdleTimeoutMs',
    s.client.settings && 'client.settings',
    s.client.clock === 'simulator' && 'client.clock',
    handoff?.error && 'expect.handoff.error',
    handoff?.attempts && 'expect.handoff.attempts',
    handoff?.retryDelays && 'expect.handoff.retryDelays',
    recorded?.transcriptMessages !== undefined && 'expect.recorded.transcriptMessages',
    s.expect.sink && 'expect.sink',
    s.expect.stream && 'expect.stream',
    recorded?.receipts && 'expect.recorded.receipts',
    ...s.steps.map((step, i) => BUILT_IN_STEPS.some((k) => Object.hasOwn(step, k)) && `steps.${i}.${Object.keys(step)[0]}`),
  ].filter((f): f is string => typeof f === 'string');
}

/**
 * Whether a scenario's expectations and steps fit its client: an external command (`client.command`
 * or `--client-cmd`) cannot be asked for what only the built-in client reports, and the built-in
 * client has no exit code. The first misfit, naming the field(s), or undefined.
 */
export function clientMisfit(s: Scenario): Misfit | undefined {
  if (s.client.command) {
    const fields = builtInOnly(s);
    if (fields.length) return { field: fields.join(', '), expected: `only the built-in handoff client reports or acts on this, and this scenario runs an external client; ${EXTERNAL_REPORTS}` };
    const handoffs = s.steps.flatMap((step, i) => (Object.hasOwn(step, 'handoff') ? [i] : []));
    if (handoffs.length !== 1) return { field: 'steps', expected: `an external client is started by exactly one {"handoff": {}} step, found ${handoffs.length}` };
    return undefined;
  }
  if (s.savedSession?.client === 'external') {
    const agent = s.savedSession.userAgent ? ` (User-Agent ${JSON.stringify(s.savedSession.userAgent)})` : '';
    return { field: 'savedSession.client', expected: `an external client${agent} made this session, and the built-in handoff client cannot reproduce what it sent: replay it with that client, --client-cmd "<the command that starts it>" (or client.command in the file)`, oneLine: true };
  }
  if (!s.expect.handoff) return { field: 'expect.handoff', expected: 'is required with the built-in client ({"outcome": "completed"} or "failed")' };
  if (s.expect.client) return { field: 'expect.client', expected: 'needs an external client (client.command or --client-cmd): the built-in client has no exit code' };
  const commandOnly = (['cwd', 'env', 'timeoutMs'] as const).filter((k) => s.client[k] !== undefined);
  if (commandOnly.length) return { field: commandOnly.map((k) => `client.${k}`).join(', '), expected: 'applies to an external client only: add client.command' };
  return undefined;
}
