import { generateKeyPairSync } from 'node:crypto';
import { describeHandoffSettings, HandoffConfigError, HandoffError, parseHandoffConfig, parseHandoffSettings, type HandoffConfig } from '../client/index.ts';
import { AccessTokenProvider } from '../client/accessTokens.ts';
import { MiawApi, type FetchFn } from '../client/miawApi.ts';
import { fetchTransport } from '../client/transport.ts';
import { describeNetworkFailure } from '../client/networkFailure.ts';
import { checkOrgAndDeployment } from './orgAndDeploymentCheck.ts';
import { withoutHint } from './output.ts';

export type CheckId = 'config' | 'settings' | 'reachable' | 'deployment' | 'key-pair' | 'token-exchange';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  detail?: string;
  /** What to do, for a failed line. */
  fix?: string;
}

export interface DoctorDeps {
  fetch?: FetchFn;
  /** For the reachability and deployment requests. */
  timeoutMs?: number;
  /** Where the configuration came from, to make fixes more precise. */
  source?: 'sim' | 'settings' | 'flags';
  /** The clock the handoff settings' office hours are read on (default: real time). */
  now?: () => number;
}

const TITLES: Record<CheckId, string> = {
  config: 'Configuration valid',
  settings: 'Handoff settings',
  reachable: 'Messaging URL reachable',
  deployment: 'Org and deployment known',
  'key-pair': 'Key pair matches',
  'token-exchange': 'Auth Key ID accepted, token exchange works',
};
const NEEDS: Record<CheckId, CheckId[]> = { config: [], settings: [], reachable: ['config'], deployment: ['reachable'], 'key-pair': [], 'token-exchange': ['config', 'deployment', 'key-pair'] };
const KEY_FIELD = /configuration: authP(?:ublic|rivate)KeyPem\b/;
const FLAG_OF: Record<string, string> = {
  instanceUrl: '--instance-url', messagingUrl: '--messaging-url', orgId: '--org-id', esDeveloperName: '--es-developer-name',
  authKeyId: '--auth-key-id', issuer: '--issuer', authPublicKeyPem: '--public-key', authPrivateKeyPem: '--private-key',
};

/**
 * The doctor's checks, in order, each needing the ones listed in NEEDS (a check whose need failed
 * is skipped). Only public MIAW endpoints are called, so it works against a real org too.
 */
export async function runDoctorChecks(input: unknown, deps: DoctorDeps = {}): Promise<CheckResult[]> {
  const fetchFn = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const results = new Map<CheckId, CheckResult>();
  const run = async (id: CheckId, check: () => Promise<Omit<CheckResult, 'id' | 'title'>> | Omit<CheckResult, 'id' | 'title'>) => {
    const blocker = NEEDS[id].find((need) => results.get(need)?.status !== 'pass');
    const result = blocker ? { status: 'skip' as const, detail: `needs "${TITLES[blocker]}"` } : await check();
    results.set(id, { id, title: TITLES[id], ...result });
  };

  // The handoff settings get a line of their own (only when given), so a bad rule does not hide the connection checks.
  const { settings, ...fields } = (input ?? {}) as Record<string, unknown>;
  const parsed = parseInTwo(fields);
  await run('config', () => (parsed.configError ? failed(parsed.configError, undefined, deps.source) : { status: 'pass', detail: `messaging URL ${parsed.messagingUrl}` }));
  if (settings !== undefined) await run('settings', () => settingsCheck(settings, deps.now ?? Date.now));
  await run('reachable', () => reachable(fetchFn, parsed.messagingUrl!, timeoutMs, deps.source));
  await run('deployment', () => checkOrgAndDeployment(fetchFn, parsed.messagingUrl!, String(fields.orgId), String(fields.esDeveloperName), timeoutMs));
  await run('key-pair', () => (parsed.keyError ? failed(parsed.keyError) : { status: 'pass', detail: `RSA ${parsed.keyBits} bits; the private key is the pair of the public key` }));
  await run('token-exchange', () => tokenExchange(fetchFn, parsed.config!, deps.source));
  return [...results.values()];
}

type Outcome = Omit<CheckResult, 'id' | 'title'>;

function failed(error: HandoffError, fix = error.hint, source?: DoctorDeps['source']): Outcome {
  const field = /configuration: (\w+)/.exec(error.message)?.[1];
  // With --sim the messaging URL is the --sim value itself.
  const where = source === 'sim' && field === 'messagingUrl' ? '--sim' : field && Object.hasOwn(FLAG_OF, field) ? `${FLAG_OF[field]} or the settings file` : '';
  const flag = where ? ` (${where})` : '';
  return { status: 'fail', detail: withoutHint(error), fix: error instanceof HandoffConfigError ? `${fix}${flag}` : fix };
}

/**
 * One parse tells the key pair and the other fields apart: a key failure is re-checked with a
 * throw-away pair to validate the rest, any other failure with placeholder fields to check the keys.
 */
function parseInTwo(input: unknown): { config?: HandoffConfig; messagingUrl?: string; keyBits?: number; configError?: HandoffError; keyError?: HandoffError } {
  const attempt = (value: unknown) => {
    try {
      return { config: parseHandoffConfig(value) };
    } catch (err) {
      if (err instanceof HandoffConfigError) return { error: err };
      throw err;
    }
  };
  const full = attempt(input);
  const bits = (c?: HandoffConfig) => c?.privateKey.asymmetricKeyDetails?.modulusLength;
  if (full.config) return { config: full.config, messagingUrl: full.config.messagingUrl, keyBits: bits(full.config) };
  const fields = (input ?? {}) as Record<string, unknown>;
  if (KEY_FIELD.test(full.error!.message)) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rest = attempt({ ...fields, authPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }), authPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) });
    return { keyError: full.error, configError: rest.error, messagingUrl: rest.config?.messagingUrl };
  }
  const placeholders = { messagingUrl: 'http://127.0.0.1', orgId: '00D000000000001', esDeveloperName: 'X', authKeyId: 'x', issuer: 'x' };
  const keys = attempt({ ...placeholders, authPublicKeyPem: fields.authPublicKeyPem, authPrivateKeyPem: fields.authPrivateKeyPem });
  return { configError: full.error, keyError: keys.error, keyBits: bits(keys.config) };
}

function settingsCheck(input: unknown, now: () => number): Outcome {
  try {
    return { status: 'pass', detail: describeHandoffSettings(parseHandoffSettings(input), now()) };
  } catch (err) {
    if (!(err instanceof HandoffConfigError)) throw err;
    return { status: 'fail', detail: withoutHint(err), fix: `${err.hint} (the settings file's or the configuration's "settings")` };
  }
}

async function reachable(fetchFn: FetchFn, url: string, timeoutMs: number, source: DoctorDeps['source']): Promise<Outcome> {
  const t0 = Date.now();
  try {
    const res = await fetchFn(`${url}/`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { status: 'pass', detail: `${url} answered HTTP ${res.status} in ${Date.now() - t0} ms` };
  } catch (err) {
    const failure = describeNetworkFailure(err, url, timeoutMs);
    return { status: 'fail', detail: `${url}: ${failure.reason}`, fix: `${failure.hint} (${source === 'sim' ? '--sim' : '--messaging-url / --instance-url'})` };
  }
}

async function tokenExchange(fetchFn: FetchFn, config: HandoffConfig, source: DoctorDeps['source']): Promise<Outcome> {
  const tokens = new AccessTokenProvider(config, new MiawApi(config.messagingUrl, fetchTransport(fetchFn), config.requestTimeoutMs), Date.now);
  const subject = 'miaw-sim-doctor';
  try {
    const token = await tokens.exchange(subject, await tokens.sign(subject));
    // Best effort: leave no live token behind.
    await fetchFn(`${config.messagingUrl}/iamessage/api/v2/authorization/authenticated/access-token`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token.accessToken}` },
      signal: AbortSignal.timeout(config.requestTimeoutMs),
    }).then((res) => res.body?.cancel(), () => undefined);
    return { status: 'pass', detail: `a verified access token was issued for kid ${config.authKeyId}, issuer ${config.issuer}` };
  } catch (err) {
    if (!(err instanceof HandoffError)) throw err;
    const simNote = source === 'sim' && /Auth Key ID|does not match/.test(err.hint) ? '; with --sim, also check the simulator was started with this --data-dir' : '';
    return failed(err, `${err.hint}${flagsFor(err.hint)}${simNote}`);
  }
}

/** Which flag a token-exchange hint is about. */
function flagsFor(hint: string): string {
  if (/Auth Key ID/.test(hint)) return ' (--auth-key-id)';
  if (/private key does not match/.test(hint)) return ' (--private-key, --auth-key-id)';
  if (/issuer/.test(hint)) return ' (--issuer)';
  return '';
}
