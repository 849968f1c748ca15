/**
 * Redaction, by shape: anything that looks like a token or a key is masked wherever it turns up,
 * whatever the field, header or parameter it was sent in. The client owns this module because it
 * must run against a real org with no simulator present; the simulator re-exports it
 * (`simulator/shared/redact.ts`), so both mask the same shapes the same way.
 */

/** A short, safe preview of a secret: enough to tell two apart, never enough to use. */
export function redact(secret: string | undefined | null): string {
  if (!secret) return '[empty]';
  const head = secret.length > 24 ? secret.slice(0, 6) : '';
  return `${head}…[redacted, ${secret.length} chars]`;
}

/**
 * A PEM block, from its BEGIN line to its END line, or one cut short (no END line) as long as key
 * material follows its BEGIN line: a message that only names the format (`"-----BEGIN PUBLIC
 * KEY-----"`) is left alone. Newlines may be real or JSON-escaped. Neither pattern can run past the
 * next `-----` or backtrack over what it read: linear in the text.
 */
const PEM = /-----BEGIN [A-Z0-9 ]{1,64}-----(?:[^-]|-(?!----))*-----END [A-Z0-9 ]{1,64}-----/g;
const PEM_CUT_SHORT = /-----BEGIN [A-Z0-9 ]{1,64}-----(?:\s|\\[rn])*[A-Za-z0-9+/=]{16}(?:[A-Za-z0-9+/=\s]|\\[rn])*/g;
const BEARER = /(Bearer\s+)([A-Za-z0-9\-_.~+/=!]+)/g;
/**
 * A Salesforce access token (session id): the org id, `!`, then the secret. The org id is kept (it
 * names the org, secret to no one); what follows the `!` is masked. Bounded before the `!`: linear.
 */
const SESSION_ID = /(?<![A-Za-z0-9])(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?!)([A-Za-z0-9\-_.]{8,})/g;
/** A run of base64url segments joined by dots, starting where no such run goes on (so tried once per run: linear). */
const DOTTED = /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+/g;
/** Longest JWT header decoded to look for `alg`: headers are a few dozen bytes. */
const MAX_HEADER = 2048;

/** Scrub anything token- or key-shaped out of text: PEM blocks, `Bearer` credentials, Salesforce session ids and JWTs (JWS and JWE). */
export function scrubSecrets(text: string): string {
  return text
    .replace(PEM, (m) => redact(m))
    .replace(PEM_CUT_SHORT, (m) => redact(m))
    .replace(BEARER, (_m, p: string, t: string) => p + redact(t))
    .replace(SESSION_ID, (_m, org: string, t: string) => org + redact(t))
    .replace(DOTTED, maskJwt);
}

/**
 * A dotted run with its JWT part masked: from the first segment that is a JWT header (`eyJ…`, or
 * base64url of a JSON object with an `alg`) followed by at least two more segments, to the end.
 */
function maskJwt(run: string): string {
  const segments = run.split('.');
  for (let i = 0; i + 2 < segments.length; i++) {
    if (!isJwtHeader(segments[i]!)) continue;
    const before = segments.slice(0, i).join('.');
    return `${before}${i ? '.' : ''}${redact(segments.slice(i).join('.'))}`;
  }
  return run;
}

function isJwtHeader(segment: string): boolean {
  if (segment.startsWith('eyJ')) return true;
  if (segment.length < 8 || segment.length > MAX_HEADER) return false;
  try {
    const json = atob(segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '='));
    const header: unknown = JSON.parse(json);
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}
