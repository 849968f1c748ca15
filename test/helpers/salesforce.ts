import { SignJWT, importPKCS8, type JWTPayload } from 'jose';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, show, type ApiResponse } from './sim.ts';

/** The default connected app's consumer key and integration user (the simulator's seed). */
export const DEFAULT_CONSUMER_KEY = '3MVG9miawsim.default.connected.app.consumer.key';
export const DEFAULT_USERNAME = 'integration@miaw-sim.invalid';
export const API = '/services/data/v62.0';

/** A JWT bearer assertion for the default connected app, signed with the simulator's default key unless told otherwise; its exp counts from the simulated time. */
export async function assertion(sim: RunningSimulator, options: { privateKeyPem?: string; claims?: JWTPayload; alg?: string; expiresInSeconds?: number } = {}): Promise<string> {
  const key = await importPKCS8(options.privateKeyPem ?? sim.privateKeyPem, 'RS256');
  const now = Math.floor((await call(sim, 'GET', '/__sim/v1/clock')).body.now / 1000);
  return new SignJWT({ iss: DEFAULT_CONSUMER_KEY, sub: DEFAULT_USERNAME, aud: sim.url, exp: now + (options.expiresInSeconds ?? 170), ...options.claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256' })
    .sign(key);
}

/** POST /services/oauth2/token, form-encoded as Salesforce takes it. */
export async function tokenRequest(sim: RunningSimulator, params: Record<string, string>): Promise<ApiResponse> {
  return call(sim, 'POST', '/services/oauth2/token', { rawBody: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** An access token for the default integration user (the JWT bearer grant). */
export async function restToken(sim: RunningSimulator): Promise<string> {
  const res = await tokenRequest(sim, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await assertion(sim) });
  if (res.status !== 200) throw new Error(`token request failed: ${show(res)}`);
  return res.body.access_token as string;
}
