import type { RequestHandler } from 'express';
import type { RestContractSession } from './restSession.ts';

const TOKEN_PATH = '/services/oauth2/token';

/**
 * Pact's request filter for the Email Case pact: the recorded assertion and access token are
 * examples. A token request gets the consumer's assertion signed again with the provider's key K
 * (same `iss` and `sub`, fresh `exp`) and goes on form-encoded (the verifier's proxy parsed the form
 * and would otherwise send it on as JSON); every REST call gets a real access token. Control-plane
 * requests (state set-up) pass untouched.
 */
export function restFilter(session: RestContractSession): RequestHandler {
  return async (req, _res, next) => {
    if (req.path === TOKEN_PATH && req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
      const form = { ...(req.body as Record<string, string>) };
      if (typeof form.assertion === 'string') form.assertion = await session.resign(form.assertion);
      const encoded = Buffer.from(new URLSearchParams(form).toString());
      req.body = encoded;
      req.headers['content-length'] = String(encoded.length);
    } else if (req.path.startsWith('/services/data/') && req.headers.authorization) {
      req.headers.authorization = `Bearer ${await session.accessToken()}`;
    }
    next();
  };
}
