import { Option, type Command } from 'commander';
import { defaultOptions, optionRangeProblem, type SimOptions } from '../simulator/index.ts';

type Kind = 'int' | 'string' | 'list' | 'mode' | 'bool';

/** Each SimOptions field as a CLI flag and an environment variable (`MIAW_SIM_<NAME>`; PORT and HOST too). */
const FLAGS: Array<{ key: keyof SimOptions; kind: Kind; help: string }> = [
  { key: 'port', kind: 'int', help: 'port to listen on (0 = a free port)' },
  { key: 'host', kind: 'string', help: 'interface to listen on' },
  { key: 'verificationFailure', kind: 'mode', help: 'what a failed identity token gets: 401, or silent-guest (a guest token, as real orgs were seen to do)' },
  { key: 'clockSkewSeconds', kind: 'int', help: 'allowed clock skew for identity token exp/iat' },
  { key: 'identityTokenMaxBytes', kind: 'int', help: 'largest identity token accepted' },
  { key: 'jwksTimeoutMs', kind: 'int', help: 'how long a keyset\'s JWKS URL may take to answer' },
  { key: 'jwksMaxBytes', kind: 'int', help: 'largest JWKS answer read' },
  { key: 'jwksRefetchSeconds', kind: 'int', help: 'least time between two fetches of one JWKS URL (unknown kid, or after a failure)' },
  { key: 'verifiedTokenTtlSeconds', kind: 'int', help: 'lifetime of verified users\' access tokens' },
  { key: 'guestTokenTtlSeconds', kind: 'int', help: 'lifetime of guest access tokens' },
  { key: 'pingIntervalMs', kind: 'int', help: 'SSE keep-alive interval' },
  { key: 'maxStreamsPerToken', kind: 'int', help: 'event streams one access token may hold open at once; one more gets 429 (0 = no cap)' },
  { key: 'streamBufferMaxBytes', kind: 'int', help: 'unread bytes an event stream may have waiting before it is cut (the client reconnects with Last-Event-ID; 0 = no cap)' },
  { key: 'replayLimit', kind: 'int', help: 'events kept per end user for Last-Event-ID replay' },
  { key: 'journalLimit', kind: 'int', help: 'requests kept in the journal' },
  { key: 'jsonBodyLimitBytes', kind: 'int', help: 'largest JSON request body' },
  { key: 'fileMaxBytes', kind: 'int', help: 'largest uploaded file' },
  { key: 'messageMaxChars', kind: 'int', help: 'longest message text' },
  { key: 'corsOrigins', kind: 'list', help: 'comma-separated origins allowed by CORS on the MIAW data plane (* = any)' },
  { key: 'allowedHosts', kind: 'list', help: 'comma-separated extra host names the simulator answers to (*.example.com for subdomains; all = any); loopback, the bound address and --tls-host names always work' },
  { key: 'controlOrigins', kind: 'list', help: 'comma-separated origins of other sites whose pages may call the control API (/__sim/v1)' },
  { key: 'controlToken', kind: 'string', help: 'token other machines must send to the control API (x-miaw-sim-token); generated into the data dir when --host is beyond loopback and none is given' },
  { key: 'tls', kind: 'bool', help: 'serve HTTPS (a self-signed certificate is generated into the data dir unless --cert/--key are given)' },
  { key: 'tlsHost', kind: 'list', help: 'comma-separated extra host names for the generated certificate, e.g. sim.local.salesforce-scrt.com' },
  { key: 'cert', kind: 'string', help: 'PEM certificate file to serve HTTPS with (implies --tls; needs --key)' },
  { key: 'key', kind: 'string', help: 'PEM private key file of --cert' },
];

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `MIAW_SIM_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export function addOptionFlags(command: Command): Command {
  for (const flag of FLAGS) {
    const fallback = defaultOptions[flag.key];
    const shown = fallback === undefined || (Array.isArray(fallback) && !fallback.length) ? flag.help : `${flag.help} (default: ${String(fallback)})`;
    const option = new Option(`--${kebab(flag.key)}${flag.kind === 'bool' ? '' : ' <value>'}`, shown);
    if (flag.kind === 'mode') option.choices(['401', 'silent-guest']);
    command.addOption(option);
  }
  return command;
}

/** Options from flags, then environment; a bad value stops start-up with the flag/variable named. */
export function readOptionFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): Partial<SimOptions> {
  const out: Record<string, unknown> = {};
  for (const flag of FLAGS) {
    const fromFlag = flags[flag.key];
    const envVar = flag.key === 'port' || flag.key === 'host' ? (env[envName(flag.key)] ?? env[flag.key.toUpperCase()]) : env[envName(flag.key)];
    const raw = fromFlag ?? envVar;
    if (raw === undefined || raw === '') continue;
    const source = fromFlag !== undefined ? `--${kebab(flag.key)}` : envName(flag.key);
    const value = convert(flag.kind, String(raw), source);
    const problem = optionRangeProblem(flag.key, value);
    if (problem) throw new Error(`[miaw-sim] ${source} ${problem}, got ${JSON.stringify(String(raw))}.`);
    out[flag.key] = value;
  }
  return out as Partial<SimOptions>;
}

function convert(kind: Kind, raw: string, source: string): unknown {
  if (kind === 'bool') {
    if (!/^(true|false|1|0)$/i.test(raw)) throw new Error(`[miaw-sim] ${source} must be true or false, got ${JSON.stringify(raw)}.`);
    return /^(true|1)$/i.test(raw);
  }
  if (kind === 'int') {
    if (!/^\d+$/.test(raw)) throw new Error(`[miaw-sim] ${source} must be a whole number, got ${JSON.stringify(raw)}.`);
    return Number(raw);
  }
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (kind === 'mode' && raw !== '401' && raw !== 'silent-guest') throw new Error(`[miaw-sim] ${source} must be 401 or silent-guest.`);
  return raw;
}
