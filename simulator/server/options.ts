/**
 * Every knob of the simulator in one typed object. CLI flags and environment variables mirror these
 * names 1:1 (`--clock-skew-seconds` / `MIAW_SIM_CLOCK_SKEW_SECONDS` -> `clockSkewSeconds`).
 */
export type VerificationFailureMode = '401' | 'silent-guest';

export interface SimOptions {
  /** Interface to listen on. */
  host: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** What a failed customer identity token gets: a 401 (default, visible in tests) or a guest token (what real orgs were seen to do). */
  verificationFailure: VerificationFailureMode;
  /** Allowed clock difference when checking identity token `exp` and `iat`. */
  clockSkewSeconds: number;
  /** Largest customer identity token accepted, in bytes. */
  identityTokenMaxBytes: number;
  /** A keyset's JWKS URL that has not answered by then fails the identity token (`JWKS_TIMEOUT`). */
  jwksTimeoutMs: number;
  /** Largest JWKS answer read. */
  jwksMaxBytes: number;
  /** Least time between two fetches of one JWKS URL (on an unknown kid, or after a failure), in simulated seconds. */
  jwksRefetchSeconds: number;
  /** Lifetime of access tokens issued to verified users (Salesforce's org default is 60 minutes). */
  verifiedTokenTtlSeconds: number;
  /** Lifetime of guest access tokens (not documented by Salesforce; a guess). */
  guestTokenTtlSeconds: number;
  /** Interval between SSE keep-alive `ping` events. */
  pingIntervalMs: number;
  /** Event streams one access token may hold open at once; one more gets 429 `TOO_MANY_EVENT_STREAMS`. `0`: no cap. Salesforce documents no limit: a guess. */
  maxStreamsPerToken: number;
  /**
   * Bytes an event stream may have waiting unread (the client stopped reading): past this the stream
   * is cut, so a stalled reader cannot grow the server's memory; the client reconnects with
   * `Last-Event-ID` and gets the retained events replayed. `0`: no cap. Salesforce documents none: a guess.
   */
  streamBufferMaxBytes: number;
  /** Events kept per subject for `Last-Event-ID` replay. */
  replayLimit: number;
  /** Requests kept in the journal (oldest dropped first). */
  journalLimit: number;
  /** Largest JSON request body. */
  jsonBodyLimitBytes: number;
  /** Largest uploaded file (Salesforce's clients enforce 5 MB). */
  fileMaxBytes: number;
  /** Largest text of one message (not documented; a guess). */
  messageMaxChars: number;
  /** Origins allowed by CORS on the MIAW data plane; `*` allows any (no credentials are ever used). The control API has its own (`controlOrigins`). */
  corsOrigins: string[];
  /** Host names (besides loopback, the bound address and `tlsHost`) the simulator answers to; `*.example.com` for subdomains, `all` for any (DNS-rebinding check off). */
  allowedHosts: string[];
  /** Origins besides the simulator's own whose pages may call the control API and its live feed. */
  controlOrigins: string[];
  /** Token the control API requires from other machines; generated when the simulator binds beyond loopback and none is given. */
  controlToken?: string;
  /** Serve HTTPS: with `cert`/`key` when given, else with a self-signed certificate generated for `tlsHost`. */
  tls: boolean;
  /** Host names the generated certificate is also valid for, besides localhost and 127.0.0.1 (`sim.local.salesforce-scrt.com`, `*.local.salesforce-scrt.com`). */
  tlsHost: string[];
  /** PEM certificate (chain) file to serve instead of a generated one; needs `key`, implies `tls`. */
  cert?: string;
  /** PEM private key file of `cert`. */
  key?: string;
}

export const defaultOptions: SimOptions = {
  host: '127.0.0.1',
  port: 4242,
  verificationFailure: '401',
  clockSkewSeconds: 60,
  identityTokenMaxBytes: 8 * 1024,
  jwksTimeoutMs: 5_000,
  jwksMaxBytes: 256 * 1024,
  jwksRefetchSeconds: 30,
  verifiedTokenTtlSeconds: 60 * 60,
  guestTokenTtlSeconds: 6 * 60 * 60,
  pingIntervalMs: 25_000,
  maxStreamsPerToken: 5,
  streamBufferMaxBytes: 8 * 1024 * 1024,
  replayLimit: 1_000,
  journalLimit: 2_000,
  jsonBodyLimitBytes: 1024 * 1024,
  fileMaxBytes: 5 * 1024 * 1024,
  messageMaxChars: 32_000,
  corsOrigins: ['*'],
  allowedHosts: [],
  controlOrigins: [],
  tls: false,
  tlsHost: [],
};

export const withDefaults = (partial: Partial<SimOptions> = {}): SimOptions => ({ ...defaultOptions, ...partial });
