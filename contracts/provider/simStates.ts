import type { RunningSimulator } from '../../simulator/index.ts';
import { STATES, UNKNOWN_DEPLOYMENT } from '../contract.ts';
import type { ContractSession, StateHandlers } from './contractSession.ts';

interface KeyParams {
  esDeveloperName: string;
  kid: string;
}
interface DeploymentView {
  name: string;
  keyset?: string;
}
interface KeysetView {
  name: string;
  keys: Array<{ kid: string }>;
}

/** The MIAW paths an outage takes down: every one the handoff client calls. */
const OUTAGE_PATHS = [
  '/iamessage/api/v2/authorization/*/access-token',
  '/iamessage/api/v2/conversation',
  '/iamessage/api/v2/conversation/*',
  '/iamessage/api/v2/conversation/*/*',
  '/eventrouter/v1/sse',
];

/**
 * The provider states on the simulator, set up the way a test or scenario would: through the
 * control API (keys, rep actions, faults) and the MIAW API itself (conversations). The beforeEach
 * hook has reset the simulator, so each state starts from the seed.
 */
export function simStateHandlers(sim: RunningSimulator, session: ContractSession): StateHandlers {
  const control = <T>(method: string, path: string, body?: unknown) => session.call<T>(method, `/__sim/v1${path}`, body);
  const deployment = async (name: string) => {
    const { deployments } = await control<{ deployments: DeploymentView[] }>('GET', `/orgs/${sim.orgId}/deployments`);
    return deployments.find((d) => d.name === name);
  };
  const keyParams = (params: unknown): KeyParams => params as KeyParams;

  return {
    /** Register the simulator's default public key under the contract's kid K in the deployment's keyset. */
    [STATES.keyRegistered]: async (params: unknown) => {
      const { esDeveloperName, kid } = keyParams(params);
      const found = await deployment(esDeveloperName);
      if (!found?.keyset) throw new Error(`[contracts] deployment ${esDeveloperName} has no keyset on the simulator`);
      await control('POST', `/orgs/${sim.orgId}/keysets/${found.keyset}/keys`, { pem: sim.publicKeyPem, kid });
      session.kid = kid;
      return undefined;
    },
    /** The seed never registers K: check it, and sign the identity token under K anyway. */
    [STATES.keyNotRegistered]: async (params: unknown) => {
      const { kid } = keyParams(params);
      const { keysets } = await control<{ keysets: KeysetView[] }>('GET', `/orgs/${sim.orgId}/keysets`);
      if (keysets.some((k) => k.keys.some((key) => key.kid === kid))) throw new Error(`[contracts] kid ${kid} is registered on the simulator`);
      session.kid = kid;
      return undefined;
    },
    [STATES.unknownDeployment]: async () => {
      if (await deployment(UNKNOWN_DEPLOYMENT)) throw new Error(`[contracts] deployment ${UNKNOWN_DEPLOYMENT} exists on the simulator`);
      return undefined;
    },
    [STATES.conversationOpen]: async () => ({ conversationId: await session.createConversation() }),
    /** The rep ends the messaging session (the conversation stays open). */
    [STATES.noActiveSession]: async () => {
      const conversationId = session.requireConversation();
      await control('POST', `/conversations/${conversationId}/end-session`);
      return { conversationId };
    },
    /** Every MIAW path answers 503 (fault rules); the access token is minted before the outage. */
    [STATES.unavailable]: async () => {
      await session.accessToken();
      for (const path of OUTAGE_PATHS) {
        await control('POST', '/faults', { match: { path }, action: { type: 'status', status: 503, message: 'Salesforce is unavailable (contract state).' } });
      }
      return undefined;
    },
  };
}
