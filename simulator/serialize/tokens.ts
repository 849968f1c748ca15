import type { AuthMode, Deployment } from '../store/types.ts';
import { toEmbeddedServiceConfig } from './deploymentConfig.ts';

/** What an access-token response says besides the token itself. */
export interface IssuedToken {
  accessToken: string;
  lastEventId: number;
  deviceId: string;
  subject: string;
  authMode: AuthMode;
  deployment: Deployment;
  now: number;
}

/** `POST .../access-token` (guest or verified): the token, where the stream stands, and the deployment's configuration. */
export function toAccessTokenResponse(t: IssuedToken) {
  return {
    accessToken: t.accessToken,
    lastEventId: String(t.lastEventId),
    context: {
      deviceId: t.deviceId,
      endUser: { appType: 'iamessage', role: 'EndUser', subject: t.subject },
      configuration: { embeddedServiceConfig: toEmbeddedServiceConfig(t.deployment, t.authMode), timestamp: t.now },
    },
  };
}

/**
 * The same reply as JSON text: `JSON.stringify(toAccessTokenResponse(t))` byte for byte, with the
 * deployment's part already serialized (`configJson`, from `embeddedServiceConfigTexts`), since it
 * is most of the reply and the same for every token of a deployment.
 */
export function accessTokenResponseJson(t: Omit<IssuedToken, 'deployment' | 'authMode'>, configJson: string): string {
  return `{"accessToken":${JSON.stringify(t.accessToken)},"lastEventId":${JSON.stringify(String(t.lastEventId))},"context":{"deviceId":${JSON.stringify(t.deviceId)},"endUser":{"appType":"iamessage","role":"EndUser","subject":${JSON.stringify(t.subject)}},"configuration":{"embeddedServiceConfig":${configJson},"timestamp":${JSON.stringify(t.now)}}}}`;
}

/** `GET .../continuation-access-token`: a fresh token for the same end user, and where the stream stands. */
export const toContinuationResponse = (accessToken: string, lastEventId: number) => ({ accessToken, lastEventId: String(lastEventId) });

/** `GET /embeddedservice/v1/embedded-service-config`: the deployment as the standard web widget's bootstrap reads it. */
export const toEmbeddedServiceConfigResponse = (deployment: Deployment) => ({
  embeddedServiceConfig: toEmbeddedServiceConfig(deployment),
  branding: [
    { n: 'headerColor', v: '#0B5CAB' },
    { n: 'secondaryColor', v: '#FFFFFF' },
  ],
  customLabels: [],
});
