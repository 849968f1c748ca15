#!/usr/bin/env node
// An external handoff client in plain JavaScript: raw fetch and node:crypto, nothing from miaw-sim.
// It signs a customer identity token (RS256), exchanges it for a MIAW access token, creates a
// conversation with routing attributes and sends the bot's transcript as the customer's messages,
// retrying 429, 5xx and network errors with the same ids. It finds its target in MIAW_* variables
// (set by `miaw-sim scenario run` and `miaw-sim exec`), and the session's channel, language and
// priority in MIAW_CHANNEL, MIAW_LANGUAGE, MIAW_PRIORITY; exit code 0 when the handoff is done.
import { createPrivateKey, createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('MIAW_MESSAGING_URL');
const orgId = env('MIAW_ORG_ID');
const esDeveloperName = env('MIAW_ES_DEVELOPER_NAME');
const api = `${base}/iamessage/api/v2`;
const TRANSCRIPT = ['I was charged twice for order 1042.', 'The assistant could not refund it; I would like a person.'];
// The bot session's inputs, as `miaw-sim scenario run` gives them from the scenario's handoff step
// (MIAW_SESSION_FILE holds the whole session as JSON); defaults when run without them.
const CHANNELS = { web: 'Web', whatsapp: 'WhatsApp', sms: 'SMS', phone: 'Phone' };
const channel = process.env.MIAW_CHANNEL || 'web';
const ROUTING = {
  Origin: 'ExampleJs',
  Chat_language: process.env.MIAW_LANGUAGE || 'en',
  Channel: CHANNELS[channel] ?? channel,
  Priority: process.env.MIAW_PRIORITY || 'Low',
};

const b64url = (data) => Buffer.from(data).toString('base64url');

/** RS256 JWT: header kid = the Auth Key ID, claims iss, sub, iat, a short exp, jti. */
function identityToken() {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: env('MIAW_AUTH_KEY_ID') }));
  const claims = b64url(JSON.stringify({ iss: env('MIAW_ISSUER'), sub: 'customer-1042@example.com', iat: now, exp: now + 300, jti: randomUUID() }));
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(createPrivateKey(readFileSync(env('MIAW_PRIVATE_KEY_FILE'))));
  return `${header}.${claims}.${b64url(signature)}`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One MIAW call, retried on 429 (after Retry-After), 5xx and network errors, at most 5 attempts. */
async function call(method, path, body, token) {
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await fetch(`${api}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    } catch (err) {
      if (attempt >= 5) throw err;
      console.error(`${method} ${path}: network error (${err.cause?.code ?? err.message}), retrying`);
      await sleep(100 * 2 ** attempt);
      continue;
    }
    const text = await res.text();
    if (res.ok) return text ? JSON.parse(text) : undefined;
    if ((res.status === 429 || res.status >= 500) && attempt < 5) {
      const after = Number(res.headers.get('retry-after'));
      console.error(`${method} ${path}: ${res.status}, retrying`);
      await sleep(after > 0 ? after * 1000 : 100 * 2 ** attempt);
      continue;
    }
    throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

const { accessToken } = await call('POST', '/authorization/authenticated/access-token', {
  orgId,
  esDeveloperName,
  capabilitiesVersion: '1',
  platform: 'Web',
  authorizationType: 'JWT',
  customerIdentityToken: identityToken(),
});
const conversationId = randomUUID();
await call('POST', '/conversation', { conversationId, esDeveloperName, routingAttributes: ROUTING }, accessToken);
for (const text of TRANSCRIPT) {
  const message = { id: randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } };
  await call('POST', `/conversation/${conversationId}/message`, { esDeveloperName, message }, accessToken);
}
console.log(`handed off conversation ${conversationId}`);
