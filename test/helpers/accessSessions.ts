import type { AccessSession } from '../../simulator/auth/accessToken.ts';

/** A guest's session as `AccessTokens.mint` takes it (mint adds the ids and the expiry). */
export const guestSession: Omit<AccessSession, 'jti' | 'clientId' | 'exp'> = {
  subject: 'v2/iamessage/UNAUTH/NA/uid:1',
  orgId: '00DSIM000000001',
  deployment: 'Sim_Web',
  channelAddressIdentifier: 'c',
  authMode: 'UnAuth',
  displayName: 'Guest',
};
