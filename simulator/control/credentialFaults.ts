import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import { generateRsaKeyPair } from '../auth/keyPair.ts';
import { toPublicRsaJwk } from '../auth/publicKey.ts';
import type { SimContext } from '../server/context.ts';
import { notFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import type { CutoffKind } from '../store/tokenCutoffs.ts';
import { requireKeyset, requireOrg } from './lookups.ts';

/** The bodies these routes parse (the OpenAPI document is generated from them). */
export const TokenScope = z.strictObject({
  subject: z.string().min(1, 'must be an end user subject such as v2/iamessage/UNAUTH/NA/uid:..., or left out for every token').max(500).optional(),
});
export const RotateKey = z
  .strictObject({ pem: z.string().min(1).optional(), jwk: z.record(z.string(), z.unknown()).optional() })
  .refine((b) => !(b.pem && b.jwk), { message: 'send at most one of "pem" (SPKI public key) or "jwk"; send neither to rotate to a fresh key nobody holds', path: ['jwk'] });

/**
 * Token and key faults (simulator-only):
 * - `POST /tokens/expire` and `/tokens/revoke` `{subject?}`: every access token issued so far (to
 *   that subject, or to anyone) is refused from now on as expired / revoked, and its open event
 *   streams are closed. Tokens minted afterwards work.
 * - `POST /orgs/:orgId/keysets/:name/keys/:kid/rotate` `{pem?} | {jwk?}`: the key registered as
 *   `kid` is replaced, by the public key sent or by a freshly generated one whose private key is
 *   thrown away; identity tokens signed with the old key then fail signature verification.
 */
export function credentialFaultsRouter(ctx: SimContext): Router {
  const router = Router();

  const tokenFault = (kind: CutoffKind): RequestHandler => (req, res) => {
    const { subject } = parseInput(TokenScope, req.body ?? {});
    const at = ctx.clock.now();
    ctx.store.tokenCutoffs.add({ kind, at, ...(subject === undefined ? {} : { subject }) });
    const closedStreams = subject === undefined ? ctx.hub.streamCount : ctx.hub.closeSubject(subject);
    if (subject === undefined) ctx.hub.closeAll();
    res.json({ kind, subject: subject ?? null, at, closedStreams });
  };
  router.post('/tokens/expire', tokenFault('expired'));
  router.post('/tokens/revoke', tokenFault('revoked'));

  router.post('/orgs/:orgId/keysets/:name/keys/:kid/rotate', async (req, res) => {
    const { id: orgId } = requireOrg(ctx, req.params.orgId);
    const keyset = requireKeyset(ctx, orgId, req.params.name);
    const { kid } = req.params;
    const body = parseInput(RotateKey, req.body ?? {});
    if (!keyset.keys.some((k) => k.kid === kid)) throw notFound('KID_NOT_FOUND', `Keyset "${keyset.name}" has no key with kid "${kid}". Register one with POST /__sim/v1/orgs/${orgId}/keysets/${keyset.name}/keys.`);
    const generated = !body.pem && !body.jwk;
    const publicKeyPem = generated ? (await generateRsaKeyPair()).publicKeyPem : undefined;
    const publicJwk = toPublicRsaJwk({ pem: body.pem ?? publicKeyPem, jwk: body.jwk as JWK | undefined });
    ctx.store.directory.addKey(keyset, { kid, alg: 'RS256', publicJwk, registeredAt: ctx.clock.now() });
    res.json({
      kid,
      keyset: keyset.name,
      orgId,
      issuer: keyset.issuer,
      generated,
      publicKeyPem: publicKeyPem ?? createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
    });
  });

  return router;
}
