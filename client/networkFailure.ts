import { scrubSecrets } from './redact.ts';

/** Why a request got no answer at all, in words: fetch itself only says "fetch failed". */
export interface NetworkFailure {
  /** What happened, e.g. `connection refused by 127.0.0.1:4242 (ECONNREFUSED)`. */
  reason: string;
  /** What to check or do. */
  hint: string;
  /** Whether the same request may succeed later (a refused connection may; a bad port never will). */
  retryable: boolean;
}

type Cause = Error & { code?: string; errors?: Array<{ code?: string }> };

const TLS_CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/;
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO']);

/**
 * Name the cause of a failed fetch from what undici puts in `err.cause` (`ECONNREFUSED`,
 * `ENOTFOUND`, a certificate code, "bad port"...), with a hint naming what to check.
 */
export function describeNetworkFailure(err: unknown, url: string, timeoutMs?: number): NetworkFailure {
  const error = err as Cause & { cause?: unknown };
  if (error?.name === 'TimeoutError') {
    return { reason: `no answer within ${timeoutMs ?? '?'} ms`, hint: 'the server took too long or a firewall drops the packets: check the messaging URL, the network and any proxy', retryable: true };
  }
  const cause = (error?.cause && typeof error.cause === 'object' ? error.cause : error) as Cause | undefined;
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code;
  const { host, where, secure } = target(url);

  if (code === 'ECONNREFUSED') {
    return { reason: `connection refused by ${where} (ECONNREFUSED)`, hint: 'nothing listens on that host and port: start the simulator (npx miaw-sim start) or check the port in the messaging URL', retryable: true };
  }
  if (code === 'ENOTFOUND') {
    return { reason: `DNS lookup failed: no host named ${host} (ENOTFOUND)`, hint: 'check the host name in the messaging URL (https://<domain>.my.salesforce-scrt.com) or the My Domain of the instance URL', retryable: false };
  }
  if (code === 'EAI_AGAIN') {
    return { reason: `DNS lookup of ${host} failed for now (EAI_AGAIN)`, hint: 'the DNS server did not answer: check the network connection', retryable: true };
  }
  if (!code && cause?.message === 'bad port') {
    return { reason: `port ${where.split(':').pop()} is one fetch refuses to use (a "bad port" in the Fetch standard)`, hint: 'serve on another port, e.g. npx miaw-sim start --port 4242, and put it in the messaging URL', retryable: false };
  }
  if (code && NOT_TLS.has(code)) {
    return { reason: `TLS problem: ${where} does not speak HTTPS (${code})`, hint: 'use http:// in the messaging URL for a simulator started without --tls', retryable: false };
  }
  if (code && TLS_CERTIFICATE.test(code)) {
    return {
      reason: `TLS problem: the certificate of ${host} is not trusted (${code})`,
      hint: 'for the simulator started with --tls, trust its certificate (NODE_EXTRA_CA_CERTS=.miaw-sim/tls-cert.pem); behind a TLS-inspecting proxy, give its CA the same way',
      retryable: false,
    };
  }
  if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_')) {
    return { reason: `TLS problem: the handshake with ${where} failed (${code})`, hint: 'check the messaging URL\'s scheme and any proxy between here and the server', retryable: false };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    const https = secure ? '' : 'if the server speaks HTTPS (the simulator started with --tls), use https:// in the messaging URL; otherwise ';
    return { reason: `${where} closed the connection before answering (${code})`, hint: `${https}check the network and any proxy`, retryable: true };
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { reason: `connecting to ${where} timed out (${code})`, hint: 'a firewall or proxy may drop the connection: check the network', retryable: true };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { reason: `no route to ${host} (${code})`, hint: 'check the network connection and any VPN', retryable: true };
  }
  const said = cause?.message ? scrubSecrets(cause.message).slice(0, 200) : 'no reason given';
  return { reason: code && !said.includes(code) ? `${said} (${code})` : said, hint: 'check the messaging URL, the network and any proxy', retryable: true };
}

function target(url: string): { host: string; where: string; secure: boolean } {
  try {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    return { host: u.hostname, where: `${u.hostname}:${u.port || (secure ? 443 : 80)}`, secure };
  } catch {
    return { host: url, where: url, secure: false };
  }
}
