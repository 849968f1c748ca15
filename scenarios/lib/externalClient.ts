import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { redact, scrubSecrets } from '../../client/redact.ts';
import { clientEnvironment, type RunningSimulator } from '../../simulator/index.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { ClientRun } from './observed.ts';
import type { HandoffSession } from '../../client/index.ts';
import { sessionVariables } from './scenarioSession.ts';

export const DEFAULT_CLIENT_TIMEOUT_MS = 30_000;
/** How much of what the command prints is kept for the report: its tail. */
const KEPT_OUTPUT = 8 * 1024;
/** After SIGTERM on a timeout, how long the process group has before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Variables whose values are masked wherever the command prints them (not paths or URLs to such things). */
const SECRET_NAME = /SECRET|TOKEN|PASSW|PASSPHRASE|PRIVATE|API_?KEY|CREDENTIAL/i;
const NAMES_A_PLACE = /_(FILE|PATH|DIR|URL)$/i;

/**
 * The command's environment: the caller's, less its own `MIAW_*` (the client finds this simulator
 * through the ones set here, never a real org's a shell left behind), then the scenario's `env`,
 * then the simulator's coordinates.
 */
function clientProcessEnv(scenarioEnv: Record<string, string>, miaw: Record<string, string>): Record<string, string> {
  const inherited = Object.entries(process.env).filter((e): e is [string, string] => !e[0].startsWith('MIAW_') && e[1] !== undefined);
  return { ...Object.fromEntries(inherited), ...scenarioEnv, ...miaw };
}

/** What the command printed, safe for a report: token- and key-shaped text scrubbed, and the values of its secret-named variables masked. */
function scrubberFor(env: Record<string, string>): (text: string) => string {
  const secrets = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && !NAMES_A_PLACE.test(name) && value.length >= 8)
    .map(([, value]) => value)
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(redact(secret)), scrubSecrets(text));
}

export interface ExternalClient {
  /** Resolves when the command has exited (or was killed), its temporary key file removed. */
  finished: Promise<ClientRun>;
  hasExited(): boolean;
}

/**
 * Run a scenario's external client: the command through the shell, in a process group of its own,
 * with the simulator's coordinates in `MIAW_*` variables (the caller's own `MIAW_*` left out; the
 * scenario's `client.orgId`, `issuer`, `authKeyId`, `esDeveloperName` in place of the simulator's,
 * like the built-in client's), the
 * signing key in a 0600 temporary file (a key the simulator never saw with `signingKey:
 * "unregistered"`), and the `handoff` step's session as the built-in client would get it
 * (`MIAW_CHANNEL`, `MIAW_LANGUAGE`, ..., `MIAW_SESSION_FILE`: see scenarioSession.ts), both
 * removed when the command ends. Killed with its whole group after `timeoutMs`;
 * whatever it left running is killed when it exits.
 */
export function startExternalClient(sim: RunningSimulator, scenario: LoadedScenario, session: HandoffSession): ExternalClient {
  const { command, cwd, env = {}, timeoutMs = DEFAULT_CLIENT_TIMEOUT_MS, signingKey, orgId, issuer, authKeyId, esDeveloperName } = scenario.client;
  if (!command) throw new Error('startExternalClient needs client.command');
  const keyDir = mkdtempSync(join(tmpdir(), 'miaw-sim-client-'));
  const keyFile = join(keyDir, 'identity-key.pem');
  const pem = signingKey === 'unregistered' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() : sim.privateKeyPem;
  writeFileSync(keyFile, pem, { mode: 0o600 });
  const told = sessionVariables(session, join(keyDir, 'session.json'));
  writeFileSync(told.variables.MIAW_SESSION_FILE!, told.fileContent, { mode: 0o600 });
  const miaw = clientEnvironment({ ...sim, orgId: orgId ?? sim.orgId, issuer: issuer ?? sim.issuer, kid: authKeyId ?? sim.kid, esDeveloperName: esDeveloperName ?? sim.esDeveloperName }, keyFile);
  const childEnv = clientProcessEnv(env, { ...miaw, ...told.variables, MIAW_SCENARIO: scenario.name });
  const scrub = scrubberFor(childEnv);
  const child = spawn(command, {
    shell: true,
    detached: true,
    cwd: resolve(dirname(scenario.file), cwd ?? '.'),
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => void (output[stream] = (output[stream] + chunk.toString('utf8')).slice(-KEPT_OUTPUT));
  child.stdout.on('data', keep('stdout'));
  child.stderr.on('data', keep('stderr'));
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  let timedOut = false;
  let exited = false;
  let killer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    group('SIGTERM');
    killer = setTimeout(() => group('SIGKILL'), KILL_GRACE_MS);
  }, timeoutMs);
  const closed = new Promise<void>((r) => child.once('close', () => r()));
  const finished = new Promise<ClientRun>((done) => {
    const finish = async (exitCode: number | null, signal: string | null, failure?: string) => {
      if (exited) return;
      exited = true;
      clearTimeout(timer);
      clearTimeout(killer);
      group('SIGKILL'); // what it left running; then its last output, once the pipes close
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1_000).unref())]);
      rmSync(keyDir, { recursive: true, force: true });
      const stderr = failure ? `${output.stderr}${failure}\n` : output.stderr;
      done({ exitCode, signal, timedOut, stdout: scrub(output.stdout), stderr: scrub(stderr) });
    };
    child.once('error', (err) => void finish(null, null, `[miaw-sim] Could not run the client command: ${err.message}`));
    child.once('exit', (code, signal) => void finish(code, signal));
  });
  return { finished, hasExited: () => exited };
}
