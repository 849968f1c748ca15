/**
 * A server for the benchmark, in a process of its own so the load generator does not share its CPU:
 * `sim` (the simulator on its defaults), `express` (a bare express app that parses JSON and answers
 * 202: the framework's own ceiling) or `node` (bare node:http doing the same: the physical ceiling). Prints one JSON line with its URL (and, for sim, a token).
 */
import { createServer } from 'node:http';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { SignJWT, importPKCS8 } from 'jose';
import { startSimulator } from '../simulator/index.ts';

const kind = process.argv[2];
if (kind === 'node') {
  // The physical ceiling: bare node:http reading and parsing the JSON body, answering 202.
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: { id?: string } };
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversationEntries: [{ id: body.message?.id, clientTimestamp: Date.now() }] }));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
} else if (kind === 'express') {
  const app = express();
  app.use(express.json());
  app.post('/iamessage/api/v2/conversation/:id/message', (req, res) => {
    res.status(202).json({ conversationEntries: [{ id: (req.body as { message?: { id?: string } }).message?.id, clientTimestamp: Date.now() }] });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
} else {
  const sim = await startSimulator({ journalLimit: 2000, log: () => {} });
  const key = await importPKCS8(sim.privateKeyPem, 'RS256');
  const identity = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: sim.kid }).setIssuer(sim.issuer).setSubject('bench').setIssuedAt().setExpirationTime('10m').sign(key);
  const res = await fetch(`${sim.url}/iamessage/api/v2/authorization/authenticated/access-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orgId: sim.orgId, esDeveloperName: sim.esDeveloperName, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: identity }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  const conversationId = crypto.randomUUID();
  await fetch(`${sim.url}/iamessage/api/v2/conversation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ conversationId, esDeveloperName: sim.esDeveloperName }),
  });
  console.log(JSON.stringify({ url: sim.url, accessToken, conversationId }));
}
