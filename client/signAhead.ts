import type { AccessTokenProvider } from './accessTokens.ts';
import { handoffSubject } from './sessionSchema.ts';

/**
 * The contact an unchecked session plainly names, as `handoff()` takes it once the session is
 * checked (`handoffSubject`); undefined when the input does not
 * say it plainly, or its channel is email (an Email Case signs no identity token).
 */
export function subjectAhead(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { contact, sessionId, channel } = input as Record<string, unknown>;
  if (channel === 'email' || typeof contact !== 'object' || contact === null) return undefined;
  const { id } = contact as Record<string, unknown>;
  if (typeof id === 'string') return id === '' ? undefined : id;
  return id === undefined && typeof sessionId === 'string' ? handoffSubject(undefined, sessionId) : undefined;
}

/**
 * Start the identity token's signature before the session is checked: it runs on libuv's thread
 * pool while the main thread checks the session and the settings decide. The result gives it to
 * the sign step's first attempt when the checked session names the same contact (once; a retry
 * signs anew), and nothing otherwise; a signature nobody takes is dropped, its failure unseen.
 */
export function signAhead(tokens: AccessTokenProvider, input: unknown): (subject: string) => Promise<string> | undefined {
  let ahead: string | undefined;
  try {
    ahead = subjectAhead(input);
  } catch {
    // A getter that throws: the check reads it again and fails as it always did.
  }
  if (ahead === undefined || tokens.cached(ahead)) return () => undefined;
  let signed: Promise<string> | undefined = tokens.sign(ahead);
  signed.catch(() => {});
  return (subject) => {
    const taken = subject === ahead ? signed : undefined;
    signed = undefined;
    return taken;
  };
}
