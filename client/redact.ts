/**
 * The client's own redaction: it runs against a real org with no simulator present, so it keeps
 * these few lines rather than importing the simulator's `shared/redact.ts` (the same three patterns).
 */

/** A short, safe preview of a secret: enough to tell two apart, never enough to use. */
export function redact(secret: string | undefined | null): string {
  if (!secret) return '[empty]';
  const head = secret.length > 24 ? secret.slice(0, 6) : '';
  return `${head}…[redacted, ${secret.length} chars]`;
}

const BEARER = /(Bearer\s+)([A-Za-z0-9\-_.~+/=]+)/g;
const JWT = /\beyJ[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*/g;
const PEM = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;

/** Scrub anything token- or key-shaped out of text from the server before it goes into an error. */
export function scrubSecrets(text: string): string {
  return text
    .replace(PEM, (m) => redact(m))
    .replace(BEARER, (_m, p: string, t: string) => p + redact(t))
    .replace(JWT, (m) => redact(m));
}
