import type { z } from 'zod';
import type { HandoffSession } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { extractRoutingAttributes } from '../../client/routingAttributes.ts';
import { buildTranscript } from '../../client/transcript.ts';
import type { SessionSpec } from './scenarioSchema.ts';

export type SessionSpecValue = z.output<typeof SessionSpec>;

/** The session a `handoff` step hands off: a made-up customer (seed 1 unless given) with the step's channel, language, priority and contact. */
export function scenarioSession(spec: SessionSpecValue): HandoffSession {
  const { contact, ...rest } = spec;
  const session = fakeSession({ ...rest, seed: rest.seed ?? 1 });
  if (rest.priority) session.priority = rest.priority;
  Object.assign(session.contact, contact);
  return session;
}

/**
 * What an external client is told of the `handoff` step's session, the inputs the built-in client
 * gets: `MIAW_CHANNEL`, `MIAW_LANGUAGE`, `MIAW_PRIORITY`, `MIAW_AUTHENTICATED` ("true" / "false"),
 * and `MIAW_SESSION_FILE`, a JSON file holding the whole `session` (contact, summary, history,
 * fields), the `routingAttributes` the built-in client would create the conversation with, and
 * the `transcript` messages it would send (10,000 characters at most each).
 */
export function sessionVariables(session: HandoffSession, sessionFile: string): { variables: Record<string, string>; fileContent: string } {
  const routingAttributes = extractRoutingAttributes(session);
  const transcript = buildTranscript(session, { maxChars: 10_000, overflow: 'split' });
  return {
    variables: {
      MIAW_CHANNEL: session.channel,
      MIAW_LANGUAGE: session.language ?? '',
      MIAW_PRIORITY: routingAttributes.Priority ?? 'Low',
      MIAW_AUTHENTICATED: String(session.contact.authenticated),
      MIAW_SESSION_FILE: sessionFile,
    },
    fileContent: `${JSON.stringify({ session, routingAttributes, transcript }, null, 2)}\n`,
  };
}
