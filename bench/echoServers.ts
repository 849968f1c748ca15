/**
 * The throughput baselines: a bare node:http server (the physical ceiling) and a bare express app
 * (the framework's own ceiling). Both parse the JSON body of the benchmarked POSTs and answer with the
 * simulator's status and body shape, checking nothing; they share one route table. The entries read
 * answers a page of 20 message entries shaped as the simulator's, serialized per request.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express from 'express';

type Json = Record<string, unknown>;

interface EchoRoute {
  method: 'POST' | 'GET';
  /** express path, and the same as a RegExp for bare node. */
  path: string;
  pattern: RegExp;
  status: number;
  reply(body: Json): Json;
}

const tokenReply = (body: Json): Json => ({
  accessToken: randomUUID(),
  lastEventId: '0',
  context: {
    deviceId: randomUUID(),
    endUser: { appType: 'iamessage', role: 'EndUser', subject: 'v2/iamessage/AUTH/Sim_Keyset/uid:bench' },
    configuration: { embeddedServiceConfig: { name: body.esDeveloperName, deploymentType: 'API', forms: [] }, timestamp: Date.now() },
  },
});

/** A message entry as the simulator's `GET .../entries` lists it. */
const messageEntry = (subject: string) => {
  const id = randomUUID();
  return {
    identifier: id,
    entryType: 'Message',
    sender: { role: 'EndUser', appType: 'iamessage', subject, clientIdentifier: `v1/Sim_Web/${randomUUID()}` },
    senderDisplayName: 'Guest',
    transcriptedTimestamp: Date.now(),
    clientTimestamp: Date.now(),
    clientDuration: 0,
    relatedRecords: [],
    entryPayload: { entryType: 'Message', id, abstractMessage: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'bench' }, id, inReplyToMessageId: null, references: [] }, messageReason: null },
  };
};
const page = Array.from({ length: 20 }, () => messageEntry(`v2/iamessage/AUTH/Sim_Keyset/uid:${randomUUID()}`));

const routes: EchoRoute[] = [
  { method: 'POST', path: '/iamessage/api/v2/authorization/authenticated/access-token', pattern: /^\/iamessage\/api\/v2\/authorization\/authenticated\/access-token$/, status: 200, reply: tokenReply },
  { method: 'POST', path: '/iamessage/api/v2/conversation', pattern: /^\/iamessage\/api\/v2\/conversation$/, status: 201, reply: (body) => ({ conversationId: body.conversationId }) },
  {
    method: 'POST',
    path: '/iamessage/api/v2/conversation/:conversationId/message',
    pattern: /^\/iamessage\/api\/v2\/conversation\/[^/]+\/message$/,
    status: 202,
    reply: (body) => ({ conversationEntries: [{ id: (body.message as Json | undefined)?.id, clientTimestamp: Date.now() }] }),
  },
  { method: 'GET', path: '/iamessage/api/v2/conversation/:conversationId/entries', pattern: /^\/iamessage\/api\/v2\/conversation\/[^/]+\/entries$/, status: 200, reply: () => ({ conversationEntries: page }) },
];

/**
 * Bare node:http: read the body, JSON.parse it (a POST's), answer. `perRequest` runs before each
 * answer (the tail model's fixed CPU work, bench/spin.ts).
 */
export function bareNodeServer(perRequest: () => void = () => {}): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const route = routes.find((r) => r.method === req.method && r.pattern.test(req.url ?? ''));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const body = (route.method === 'POST' ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as Json;
      perRequest();
      res.writeHead(route.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(route.reply(body)));
    });
  });
}

/** Bare express: express.json() and one handler per route, nothing else. */
export function bareExpressServer(): Server {
  const app = express();
  app.use(express.json());
  for (const route of routes) app[route.method === 'POST' ? 'post' : 'get'](route.path, (req, res) => void res.status(route.status).json(route.reply((req.body ?? {}) as Json)));
  return createServer(app);
}
