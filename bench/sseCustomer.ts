/**
 * One customer of the stream benchmark, on raw node:http (thousands of them fit in one process):
 * a guest access token, a conversation, and an SSE stream whose CONVERSATION_MESSAGE texts are
 * handed to a callback. Also the control API call that makes the rep talk.
 */
import { Agent, request, type IncomingMessage } from 'node:http';
import type { SimulatorAddress } from './simulatorProcess.ts';

/** Keep-alive for the REST calls; no socket limit so every event stream gets its own connection. */
export const benchAgent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** A request (or a stream's 200) slower than this is a failure, so a stalled simulator cannot hang the benchmark. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface Customer {
  accessToken: string;
  conversationId: string;
  /** The open event stream's response, while there is one. */
  stream?: IncomingMessage;
}

/** `POST` JSON and read the JSON answer; one retry when a kept-alive socket was closed under us. */
export async function postJson(url: string, body: unknown, accessToken?: string): Promise<unknown> {
  try {
    return await postOnce(url, body, accessToken);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return postOnce(url, body, accessToken);
  }
}

function postOnce(url: string, body: unknown, accessToken?: string): Promise<unknown> {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: benchAgent, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`POST ${new URL(url).pathname} answered ${res.statusCode}: ${text.slice(0, 200)}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A guest token and a new conversation, as the handoff client's first steps do. */
export async function createCustomer(sim: SimulatorAddress): Promise<Customer> {
  const token = (await postJson(`${sim.url}/iamessage/api/v2/authorization/unauthenticated/access-token`, {
    orgId: sim.orgId,
    esDeveloperName: sim.esDeveloperName,
    capabilitiesVersion: '1',
    platform: 'Web',
  })) as { accessToken: string };
  const conversationId = crypto.randomUUID();
  await postJson(`${sim.url}/iamessage/api/v2/conversation`, { conversationId, esDeveloperName: sim.esDeveloperName }, token.accessToken);
  return { accessToken: token.accessToken, conversationId };
}

/** The customer writes one message. */
export async function customerSays(sim: SimulatorAddress, customer: Customer, text: string): Promise<void> {
  const message = { id: crypto.randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } };
  await postJson(`${sim.url}/iamessage/api/v2/conversation/${customer.conversationId}/message`, { esDeveloperName: sim.esDeveloperName, message }, customer.accessToken);
}

/** The rep says `text` through the control API (accepting the conversation first if needed). */
export async function repSays(sim: SimulatorAddress, conversationId: string, text: string): Promise<void> {
  await postJson(`${sim.url}/__sim/v1/conversations/${conversationId}/messages`, { text });
}

/** The rep accepts the waiting conversation through the control API. */
export async function repAccepts(sim: SimulatorAddress, conversationId: string): Promise<void> {
  await postJson(`${sim.url}/__sim/v1/conversations/${conversationId}/accept`, {});
}

/** Open the customer's event stream; resolves once the 200 and its headers are in. */
export function openStream(sim: SimulatorAddress, customer: Customer, onMessageText: (text: string) => void): Promise<void> {
  const headers = { authorization: `Bearer ${customer.accessToken}`, 'x-org-id': sim.orgId, accept: 'text/event-stream' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => req.destroy(new Error(`no answer to the event stream request within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    const req = request(`${sim.url}/eventrouter/v1/sse`, { agent: benchAgent, headers }, (res) => {
      clearTimeout(timer);
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`event stream answered ${res.statusCode}`));
        return;
      }
      customer.stream = res;
      res.setEncoding('utf8');
      res.on('data', sseMessageTexts(onMessageText));
      res.on('close', () => {
        if (customer.stream === res) customer.stream = undefined;
      });
      resolve();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/** Close the customer's event stream (the socket is destroyed, not returned to the agent). */
export function closeStream(customer: Customer): Promise<void> {
  const stream = customer.stream;
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', () => resolve());
    stream.destroy();
  });
}

/** An SSE chunk reader: frames split on blank lines; for each CONVERSATION_MESSAGE, the message text. */
export function sseMessageTexts(onText: (text: string) => void): (chunk: string) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (!frame.includes('event: CONVERSATION_MESSAGE')) continue;
      const data = frame.split('\n').find((line) => line.startsWith('data:'));
      if (!data) continue;
      const event = JSON.parse(data.slice(5)) as { conversationEntry?: { entryPayload?: string } };
      const payload = JSON.parse(event.conversationEntry?.entryPayload ?? '{}') as { abstractMessage?: { staticContent?: { text?: string } } };
      const text = payload.abstractMessage?.staticContent?.text;
      if (text !== undefined) onText(text);
    }
  };
}
