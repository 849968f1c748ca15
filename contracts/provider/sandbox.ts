import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATES } from '../contract.ts';
import type { ContractSession, MiawTarget, StateHandlers } from './contractSession.ts';

/** The environment variables that point the provider verification at a real org. */
export const SANDBOX_ENV = {
  url: 'MIAW_SANDBOX_URL',
  orgId: 'MIAW_SANDBOX_ORG_ID',
  esDeveloperName: 'MIAW_SANDBOX_ES_DEVELOPER_NAME',
  kid: 'MIAW_SANDBOX_AUTH_KEY_ID',
  issuer: 'MIAW_SANDBOX_ISSUER',
  privateKeyFile: 'MIAW_SANDBOX_PRIVATE_KEY_FILE',
} as const;

export type SandboxConfig = { target: MiawTarget } | { skip: string };

/** The sandbox target from the environment, or why the sandbox verification is skipped. */
export function sandboxFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  if (env.CI) return { skip: 'CI is set: the pacts are verified against the simulator only; run this locally against a sandbox.' };
  const missing = Object.values(SANDBOX_ENV).filter((name) => !env[name]);
  if (missing.length) return { skip: `set ${missing.join(', ')} to verify the pacts against a real sandbox (README, "Contracts").` };
  const value = (name: string) => env[name]!;
  return {
    target: {
      url: value(SANDBOX_ENV.url).replace(/\/+$/, ''),
      orgId: value(SANDBOX_ENV.orgId),
      esDeveloperName: value(SANDBOX_ENV.esDeveloperName),
      kid: value(SANDBOX_ENV.kid),
      issuer: value(SANDBOX_ENV.issuer),
      privateKeyPem: readFileSync(value(SANDBOX_ENV.privateKeyFile), 'utf8'),
      subject: env.MIAW_SANDBOX_SUBJECT ?? 'miaw-contract-customer',
    },
  };
}

interface PactFile {
  interactions: Array<{ type: string; description: string; providerStates?: Array<{ name: string }> }>;
}

/**
 * A copy of the pact with what a real org cannot be made to do left out: event-stream messages
 * (they need a rep at the console) and interactions needing an outage. Returns its path and what
 * was left out.
 */
export function sandboxPact(pactFile: string): { file: string; left: string[] } {
  const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as PactFile;
  const possible = (i: PactFile['interactions'][number]) => i.type === 'Synchronous/HTTP' && !(i.providerStates ?? []).some((s) => s.name === STATES.unavailable);
  const left = pact.interactions.filter((i) => !possible(i)).map((i) => i.description);
  const file = join(tmpdir(), `miaw-sandbox-${process.pid}-${pactFile.split('/').at(-1)}`);
  writeFileSync(file, JSON.stringify({ ...pact, interactions: pact.interactions.filter(possible) }));
  return { file, left };
}

/**
 * The provider states on a real org: the Auth Key ID and deployment are set up in Setup beforehand
 * (the `MIAW_SANDBOX_*` values); conversations are opened and their sessions ended through the
 * MIAW API itself.
 */
export function sandboxStateHandlers(session: ContractSession): StateHandlers {
  const { esDeveloperName } = session.target;
  return {
    [STATES.keyRegistered]: async () => undefined,
    [STATES.keyNotRegistered]: async (params: unknown) => {
      session.kid = (params as { kid: string }).kid;
      return undefined;
    },
    [STATES.unknownDeployment]: async () => undefined,
    [STATES.conversationOpen]: async () => ({ conversationId: await session.createConversation() }),
    [STATES.noActiveSession]: async () => {
      const conversationId = session.requireConversation();
      const path = `/iamessage/api/v2/conversation/${conversationId}/session?esDeveloperName=${encodeURIComponent(esDeveloperName)}`;
      await session.call('DELETE', path, undefined, await session.accessToken());
      return { conversationId };
    },
  };
}
