import { createHandoffClient, HandoffError, type EmailCaseHandoff, type HandoffChannel, type HandoffClientDeps, type HandoffStep, type StepReport } from '../client/index.ts';
import { fakeSession } from '../client/fakeSession.ts';
import type { CliOutput } from './output.ts';
import { printingSink } from './printingSink.ts';

/** Messaging channels, and email (an Email Case: printed, nothing to follow). */
export const HANDOFF_CHANNELS = ['web', 'whatsapp', 'sms', 'phone', 'email'] as const;
const STEPS: HandoffStep[] = ['sign-identity-token', 'exchange-token', 'build-transcript', 'extract-routing-attributes', 'create-conversation', 'send-transcript', 'subscribe'];

export interface HandoffCommandOptions {
  /** Unvalidated configuration (from `loadHandoffConfig`); `createHandoffClient` validates it. */
  config: unknown;
  channel?: string;
  language?: string;
  seed?: string | number;
  json?: boolean;
  /** Aborting (Ctrl+C) stops following the conversation. */
  signal?: AbortSignal;
  deps?: HandoffClientDeps;
}

/**
 * `miaw-sim handoff`: hand a faker-generated bot session over to the configured org (or the
 * simulator), printing each step, then the rep's side until the session ends. Resolves with the
 * exit code: 0 when the session ended, 1 on a handoff error, 130 when interrupted.
 */
export async function handoffCommand(options: HandoffCommandOptions, io: CliOutput): Promise<number> {
  const json = Boolean(options.json);
  const emit = (obj: Record<string, unknown>) => io.out(JSON.stringify(obj));
  const channel = options.channel ?? 'web';
  if (!(HANDOFF_CHANNELS as readonly string[]).includes(channel)) {
    io.err(`[miaw-sim] --channel must be one of ${HANDOFF_CHANNELS.join(', ')}, got ${JSON.stringify(channel)}.`);
    return 1;
  }
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    io.err(`[miaw-sim] --seed must be a whole number, got ${JSON.stringify(String(options.seed))}.`);
    return 1;
  }

  try {
    const client = createHandoffClient(options.config, options.deps);
    const session = fakeSession({ channel: channel as HandoffChannel, language: options.language, seed });
    if (!json) io.out(`[miaw-sim] Handing off ${session.contact.name}'s ${channel} session (language ${session.language}) to ${client.messagingUrl}`);
    const onStep = (report: StepReport) => (json ? emit({ kind: 'step', ...report }) : stepLine(report, io));
    const handoff = await client.handoff(session, printingSink(io.out, json), { onStep });
    // Channel email, or handoff settings sending any channel to an Email Case (outside office hours): nothing to follow then.
    if (handoff.kind === 'email-case') return printCase(handoff, client.messagingUrl, json, io);
    const { conversationId } = handoff;
    if (json) {
      emit({ kind: 'handoff', conversationId, subject: handoff.subject, routingAttributes: handoff.routingAttributes, messagingUrl: client.messagingUrl });
    } else {
      io.out(`[miaw-sim] Conversation ${conversationId} handed off. Waiting for the rep; Ctrl+C stops following it.`);
      if (isLoopback(client.messagingUrl)) {
        io.out(`  Reply as the rep: curl -s -XPOST ${client.messagingUrl}/__sim/v1/conversations/${conversationId}/messages -H 'content-type: application/json' -d '{"text":"Hi, I am Alex","repName":"Alex"}'`);
        io.out(`  End the session:  curl -s -XPOST ${client.messagingUrl}/__sim/v1/conversations/${conversationId}/end-session`);
      }
    }

    let interrupted = false;
    const stop = () => {
      interrupted = true;
      handoff.stream.close();
    };
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      await handoff.stream.done;
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
    if (json) emit({ kind: 'end', conversationId, reason: interrupted ? 'interrupted' : 'session-ended' });
    else if (interrupted) io.out(`[miaw-sim] Stopped following conversation ${conversationId}; it stays open until the rep ends it.`);
    else io.out(`[miaw-sim] The session of conversation ${conversationId} ended.`);
    return interrupted ? 130 : 0;
  } catch (err) {
    if (!(err instanceof HandoffError)) throw err;
    if (json) emit({ kind: 'error', name: err.name, step: err.step, status: err.status, message: err.message, hint: err.hint });
    else io.err(err.message);
    return 1;
  }
}

/** An Email Case opened instead of a conversation: its number and id, and how to answer it on the simulator. Exit code 0. */
function printCase(opened: EmailCaseHandoff, messagingUrl: string, json: boolean, io: CliOutput): number {
  const { caseId, caseNumber, created, transcriptEmailId } = opened;
  if (json) {
    io.out(JSON.stringify({ kind: 'email-case', caseId, caseNumber, created, transcriptEmailId, routingAttributes: opened.routingAttributes }));
    return 0;
  }
  io.out(`[miaw-sim] Email Case ${caseNumber} (${caseId}) ${created ? 'opened' : 'found again'} with the transcript: the rep answers by email, so there is no conversation to follow.`);
  if (isLoopback(messagingUrl)) {
    io.out(`  Reply as the rep: curl -s -XPOST ${messagingUrl}/__sim/v1/cases/${caseId}/replies -H 'content-type: application/json' -d '{"text":"Hi, I am Alex"}'`);
  }
  return 0;
}

function stepLine(report: StepReport, io: CliOutput): void {
  // check-settings (only with handoff settings) comes before the seven numbered steps.
  const n = STEPS.includes(report.step) ? `${STEPS.indexOf(report.step) + 1}/${STEPS.length}` : '0';
  const detail = report.detail ? ` (${report.detail})` : '';
  if (report.status === 'done') {
    const attempts = report.attempt && report.attempt > 1 ? ` after ${report.attempt} attempts` : '';
    io.out(`  ✔ ${n} ${report.step}${attempts}${detail}`);
  } else if (report.status === 'retrying') {
    io.out(`  ↻ ${n} ${report.step}: attempt ${report.attempt ?? '?'} failed${detail}; retrying in ${report.delayMs ?? 0} ms`);
  } else if (report.status === 'failed') {
    io.out(`  ✘ ${n} ${report.step}`);
  }
}

function isLoopback(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}
