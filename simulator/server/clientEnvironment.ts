import type { RunningSimulator } from './start.ts';

/** The variables a client run against the simulator finds it through (`miaw-sim exec`, an external client in a scenario). */
export const CLIENT_ENV = ['MIAW_MESSAGING_URL', 'MIAW_ORG_ID', 'MIAW_ES_DEVELOPER_NAME', 'MIAW_AUTH_KEY_ID', 'MIAW_ISSUER', 'MIAW_PRIVATE_KEY_FILE', 'MIAW_CONTROL_URL'] as const;
export type ClientEnvironment = Record<(typeof CLIENT_ENV)[number], string>;

/** The simulator's coordinates as those variables; `privateKeyFile` holds the PEM to sign identity tokens with. */
export function clientEnvironment(sim: Pick<RunningSimulator, 'url' | 'orgId' | 'esDeveloperName' | 'kid' | 'issuer' | 'controlUrl'>, privateKeyFile: string): ClientEnvironment {
  return {
    MIAW_MESSAGING_URL: sim.url,
    MIAW_ORG_ID: sim.orgId,
    MIAW_ES_DEVELOPER_NAME: sim.esDeveloperName,
    MIAW_AUTH_KEY_ID: sim.kid,
    MIAW_ISSUER: sim.issuer,
    MIAW_PRIVATE_KEY_FILE: privateKeyFile,
    MIAW_CONTROL_URL: sim.controlUrl,
  };
}
