import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** The paths of the requests sent to one origin while `run` ran: over node:http, and over undici's fetch. */
export interface RequestsSeen<T> {
  result: T;
  nodeHttp: string[];
  undici: string[];
}

/**
 * Which transport carried each request to `origin` while `run` ran, from the diagnostics channel
 * each one reports on. Only requests to that origin count: unit files share a worker without
 * isolation, and a client an earlier file left behind may still be talking to its own server
 * (a receipt batch, a close, a reconnect) while this one runs.
 */
export async function requestsTo<T>(origin: string, run: () => Promise<T>): Promise<RequestsSeen<T>> {
  const host = new URL(origin).host;
  const nodeHttp: string[] = [];
  const undici: string[] = [];
  const onNodeHttp = (m: unknown) => {
    const request = (m as { request: ClientRequest & { _header?: string } }).request;
    // Headers given as a flat list (as the client's node:http transport gives them) are only in the head node has written out.
    const sentHost = request.getHeader('host') ?? /^host:[ \t]*(.*?)[ \t]*\r?$/im.exec(request._header ?? '')?.[1];
    if (sentHost === host) nodeHttp.push(request.path);
  };
  const onUndici = (m: unknown) => {
    const request = (m as { request: { origin: string; path: string } }).request;
    if (new URL(request.origin).host === host) undici.push(request.path);
  };
  subscribe('http.client.request.start', onNodeHttp);
  subscribe('undici:request:create', onUndici);
  try {
    return { result: await run(), nodeHttp, undici };
  } finally {
    unsubscribe('http.client.request.start', onNodeHttp);
    unsubscribe('undici:request:create', onUndici);
  }
}
