import { randomUUID } from 'node:crypto';
import { DEFAULT_DEPLOYMENT, DEFAULT_ORG_ID } from '../simulator/index.ts';

/**
 * What bench/serve.ts prints (one JSON line) and the wrk scripts need to build valid requests: the
 * server's URL, a bearer token, an open conversation and an identity token to exchange.
 */
export interface BenchTarget {
  url: string;
  orgId: string;
  esDeveloperName: string;
  accessToken: string;
  conversationId: string;
  identityToken: string;
}

/** base64url text of `n` characters: stand-ins for the JWT parts the baselines never check. */
const jwtPart = (n: number) => 'x'.repeat(n);

/**
 * For the baselines (bare servers, Prism), which check no token: stand-ins of the simulator's sizes,
 * so every server is sent the same request, byte for byte in size.
 */
export const placeholderTarget = (url: string): BenchTarget => ({
  url,
  orgId: DEFAULT_ORG_ID,
  esDeveloperName: DEFAULT_DEPLOYMENT,
  accessToken: `${jwtPart(36)}.${jwtPart(620)}.${jwtPart(43)}`,
  conversationId: randomUUID(),
  identityToken: `${jwtPart(36)}.${jwtPart(110)}.${jwtPart(342)}`,
});
