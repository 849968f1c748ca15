import { DEPLOYMENT_UNKNOWN, ORG_UNKNOWN } from '../client/hints.ts';
import type { FetchFn } from '../client/miawApi.ts';
import { describeNetworkFailure } from '../client/networkFailure.ts';
import { scrubSecrets } from '../client/redact.ts';

const CONFIG_PATH = '/embeddedservice/v1/embedded-service-config';
const TOKEN_PATH = '/iamessage/api/v2/authorization/authenticated/access-token';
const BOTH = "check --org-id (Setup > Company Information) and --es-developer-name (the deployment's API name in Setup > Embedded Service Deployments); the deployment must be published";

export interface OrgCheckOutcome {
  status: 'pass' | 'fail';
  detail: string;
  fix?: string;
}

interface Answer {
  status: number;
  errorCode?: string;
  message?: string;
  accessToken?: string;
}

/**
 * The doctor's "Org and deployment known" line. First the deployment configuration the web widget
 * reads (public, no token). When that is refused, its answer does not say which name is wrong (the
 * simulator answers DEPLOYMENT_NOT_FOUND there for an unknown org too), so the token endpoint is
 * asked with a placeholder identity token: it looks up the org, then the deployment, and only then
 * the token, so its errorCode names the wrong one. Any other answer leaves both names in the fix.
 */
export async function checkOrgAndDeployment(fetchFn: FetchFn, url: string, orgId: string, esDeveloperName: string, timeoutMs: number): Promise<OrgCheckOutcome> {
  const query = `?orgId=${encodeURIComponent(orgId)}&esConfigName=${encodeURIComponent(esDeveloperName)}`;
  let config: Answer;
  try {
    config = await ask(fetchFn, url + CONFIG_PATH + query, { headers: { Accept: 'application/json' } }, timeoutMs);
  } catch (err) {
    const failure = describeNetworkFailure(err, url, timeoutMs);
    return { status: 'fail', detail: `GET ${CONFIG_PATH} failed: ${failure.reason}`, fix: `${failure.hint}; the messaging URL answered a moment ago, so run the doctor again` };
  }
  if (config.status === 200) return { status: 'pass', detail: `org ${orgId}, deployment ${esDeveloperName}` };

  const refused = `GET ${CONFIG_PATH} answered ${said(config)}`;
  if (config.status !== 400 && config.status !== 404) return { status: 'fail', detail: refused, fix: BOTH };
  const probe = config.errorCode === 'ORG_NOT_FOUND' ? { answer: config, request: `GET ${CONFIG_PATH}` } : await probeTokenEndpoint(fetchFn, url, orgId, esDeveloperName, timeoutMs);
  if (probe?.answer.errorCode === 'ORG_NOT_FOUND') {
    return { status: 'fail', detail: `org ${orgId} is unknown at ${url} (${probe.request} answered ${said(probe.answer)})`, fix: `${ORG_UNKNOWN} (--org-id)` };
  }
  if (probe?.answer.errorCode === 'DEPLOYMENT_NOT_FOUND') {
    return { status: 'fail', detail: `org ${orgId} has no published deployment "${esDeveloperName}" (${refused})`, fix: `${DEPLOYMENT_UNKNOWN} (--es-developer-name)` };
  }
  return { status: 'fail', detail: refused, fix: BOTH };
}

/** The token endpoint's verdict on the org and deployment; a token issued anyway (silent guest) is revoked. */
async function probeTokenEndpoint(fetchFn: FetchFn, url: string, orgId: string, esDeveloperName: string, timeoutMs: number): Promise<{ answer: Answer; request: string } | undefined> {
  const body = { orgId, esDeveloperName, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: 'miaw-sim-doctor-probe' };
  try {
    const answer = await ask(fetchFn, url + TOKEN_PATH, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, timeoutMs);
    if (answer.accessToken) {
      await fetchFn(url + TOKEN_PATH, { method: 'DELETE', headers: { Authorization: `Bearer ${answer.accessToken}` }, signal: AbortSignal.timeout(timeoutMs) }).then((res) => res.body?.cancel(), () => undefined);
    }
    return { answer, request: `POST ${TOKEN_PATH}` };
  } catch {
    return undefined;
  }
}

async function ask(fetchFn: FetchFn, target: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
  const res = await fetchFn(target, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let json: { errorCode?: unknown; message?: unknown; accessToken?: unknown } = {};
  try {
    json = (JSON.parse(text) ?? {}) as typeof json;
  } catch {
    // not JSON: the text is the message
  }
  const message = typeof json.message === 'string' ? json.message : text.slice(0, 300);
  return {
    status: res.status,
    errorCode: typeof json.errorCode === 'string' ? json.errorCode : undefined,
    message: message ? scrubSecrets(message) : undefined,
    accessToken: typeof json.accessToken === 'string' ? json.accessToken : undefined,
  };
}

const said = (answer: Answer) => `HTTP ${answer.status}${answer.message ? `: ${answer.message.replace(/[.\s]+$/, '')}` : ''}`;
