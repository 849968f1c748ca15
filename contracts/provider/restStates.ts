import type { RunningSimulator } from '../../simulator/index.ts';
import { REST_STATES } from '../contract.ts';
import type { StateHandlers } from './contractSession.ts';
import type { CertifiedKey, RestContractSession } from './restSession.ts';

interface AppParams {
  consumerKey: string;
  username: string;
}
interface CaseParams extends AppParams {
  sessionId: string;
}

/** The Case the client's upsert would make, made here for a state that needs one (by the same external id). */
const caseFields = { Subject: 'Delivery address of order 1042', Origin: 'Email', SuppliedEmail: 'camille.martin@example.com', SuppliedName: 'Camille Martin' };

/**
 * The Email Case provider states on the simulator, set up the way a user would: the connected
 * app and integration user through the control API (Setup in a real org), the case through the
 * REST API itself. The beforeEach hook has reset the simulator, so each state starts from the seed.
 */
export function restStateHandlers(sim: RunningSimulator, session: RestContractSession, otherKey: CertifiedKey): StateHandlers {
  const control = (path: string, body: unknown) => session.call('POST', `/__sim/v1/orgs/${sim.orgId}${path}`, body);
  /** A connected app holding `certificatePem`, with the user pre-authorized for it. */
  const registerApp = async ({ consumerKey, username }: AppParams, certificatePem: string) => {
    await control('/integration-users', { username });
    await control('/connected-apps', { name: 'Contract_Handoff_App', consumerKey, certificatePem, preAuthorizedUsers: [username] });
    session.app = { consumerKey, username };
    return undefined;
  };

  return {
    [REST_STATES.appTrustsKey]: (params: unknown) => registerApp(params as AppParams, session.key.certificatePem),
    /** The app has another key's certificate: an assertion signed with K must fail to verify. */
    [REST_STATES.appTrustsOtherKey]: (params: unknown) => registerApp(params as AppParams, otherKey.certificatePem),
    [REST_STATES.caseExists]: async (params: unknown) => {
      const { sessionId } = params as CaseParams;
      const path = `/services/data/v62.0/sobjects/Case/OpencxSessionId__c/${encodeURIComponent(sessionId)}`;
      const { id } = await session.call<{ id: string }>('PATCH', path, caseFields, await session.accessToken());
      return { caseId: id };
    },
  };
}
