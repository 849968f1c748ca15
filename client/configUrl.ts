import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const HTTPS_ONLY = 'must be an https:// URL (http:// only for 127.0.0.1 / localhost)';
/** `host[:port][/path]` with a host that is a name with a dot, localhost or a bracketed IPv6 address. */
const BARE_HOST = /^(?:localhost|\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d{1,5})?(?:\/\S*)?$/i;

/** What is wrong with a URL value, in words; undefined when it is fine. */
function urlProblem(value: string): string | undefined {
  if (!value.trim()) return `is empty: it ${HTTPS_ONLY}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    // `127.0.0.1:4242` or `acme.my.salesforce-scrt.com`: say which scheme to add.
    if (!BARE_HOST.test(value)) return `has no scheme: it must start with https:// (http:// only for 127.0.0.1 / localhost)`;
    const scheme = LOOPBACK.has(new URL(`http://${value}`).hostname) ? 'http' : 'https';
    return `has no scheme: use ${scheme}://${value}`;
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'is not a valid URL: check the host name and the port (1 to 65535)';
  }
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) ? undefined : HTTPS_ONLY;
}

/** A URL setting: https://, or http:// for 127.0.0.1 / localhost; a problem is said in words (a missing scheme names the one to add). */
export const url = z.string().superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
