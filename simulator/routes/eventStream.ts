// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type Request, type Response } from 'express';
import type { AccessSession } from '../auth/accessToken.ts';
import type { SimContext } from '../server/context.ts';
import { badRequest, forbidden, MiawApiError } from '../shared/errors.ts';
import { FrameBatch } from '../events/frameBatch.ts';
import { PING_FRAME, sseFrame } from '../events/sseFrame.ts';
import { normalizeSalesforceId } from '../shared/ids.ts';
import { requireAccessToken, sessionOf } from '../http/requireAccessToken.ts';

/**
 * `GET /eventrouter/v1/sse`: one stream per connection carrying every conversation of the token's
 * subject. Replays retained events after `Last-Event-ID`, then streams live, with `ping` keep-alives
 * (live frames written in one turn of the event loop leave in one write: `FrameBatch`); closes when
 * the token expires or is revoked. One access token holds at most `maxStreamsPerToken` streams at
 * once; a slot frees as soon as one of them closes.
 */
export function eventStreamRouter(ctx: SimContext, streams = eventSubscriptions(ctx)): Router {
  return Router().get('/sse', requireAccessToken(ctx), (req: Request, res: Response) => streams.subscribeToEvents(sessionOf(res), req, res));
}

/** Opening an event stream, framework-free (the express router and the node:http lane, `hotRoutes.ts`, both serve it). */
export function eventSubscriptions(ctx: SimContext) {
  /** End users already told that X-Org-Id should be the 15-character id (bounded: cleared past 1000). */
  const toldAbout18 = new Set<string>();
  return { subscribeToEvents };

  /** Subscribe to Server-Sent Events: checks the request (errors are thrown before anything is written), then answers 200 and streams. */
  function subscribeToEvents(caller: AccessSession, req: IncomingMessage, res: ServerResponse): void {
    const orgHeader = req.headers['x-org-id'];
    if (typeof orgHeader !== 'string' || orgHeader === '') {
      throw badRequest('MISSING_ORG_ID_HEADER', 'Send the org id in the X-Org-Id header.');
    }
    if (normalizeSalesforceId(orgHeader) !== caller.orgId) {
      throw forbidden('ORG_ID_MISMATCH', `X-Org-Id ${JSON.stringify(orgHeader)} is not the org this access token was issued for.`);
    }
    if (orgHeader.length === 18 && !toldAbout18.has(caller.subject)) {
      // Accepted: Salesforce's own sample app sends the org id exactly as it was given (15 or 18
      // characters). Said once per end user, so a client written against this simulator learns what the docs ask.
      if (toldAbout18.size >= 1000) toldAbout18.clear();
      toldAbout18.add(caller.subject);
      ctx.log(`[miaw-sim] Note: an event stream was opened with the 18-character org id in X-Org-Id (${orgHeader}). Salesforce documents the 15-character id (${caller.orgId}) for this header; it is accepted here, but send the 15-character id.`);
    }
    const lastEventId = parseLastEventId(req.headers['last-event-id']);
    const cap = ctx.options.maxStreamsPerToken;
    // Counted and taken in the same tick (the subscription below is synchronous), so two connects cannot both take the last slot.
    if (cap > 0 && ctx.hub.streamsOfToken(caller.subject, caller.jti) >= cap) {
      throw new MiawApiError(
        429,
        'TOO_MANY_EVENT_STREAMS',
        `This access token already has ${cap} open event stream${cap === 1 ? '' : 's'}, the most one token may hold (--max-streams-per-token). Close a stream you no longer read before opening another; one stream carries all of the user's conversations.`,
      );
    }

    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    // A body nobody reads would fill the socket's buffer and stop node reading it: the client's
    // going away would go unseen until a ping failed. Read and dropped, as node does for an answered
    // request; the request then ends at once, so the stream ends with its connection (the response's close).
    req.resume();

    if (lastEventId !== undefined) {
      for (const event of ctx.store.events.after(caller.subject, lastEventId)) res.write(sseFrame(event));
    }
    // Live frames (and pings, so they keep their place among them) leave once per turn of the event loop, together.
    const bufferCap = ctx.options.streamBufferMaxBytes;
    const out = new FrameBatch((chunk) => {
      if (bufferCap > 0 && res.writableLength + chunk.length > bufferCap) cut();
      else res.write(chunk);
    });
    let closed = false;
    const stop = () => {
      closed = true;
      unsubscribe();
      clearInterval(ping);
      cancelExpiry();
    };
    const close = () => {
      if (closed) return;
      stop();
      out.flush();
      res.end();
    };
    // The client stopped reading and what waits for it passed the cap: drop the connection (what is
    // queued with it), as a proxy would; the events stay in the log for a Last-Event-ID reconnect.
    const cut = () => {
      if (closed) return;
      stop();
      ctx.log(`[miaw-sim] An event stream of ${caller.subject} was cut: its client had stopped reading and ${res.writableLength} bytes were waiting (--stream-buffer-max-bytes ${bufferCap}). It may reconnect with Last-Event-ID to get the retained events.`);
      res.destroy();
    };
    const unsubscribe = ctx.hub.subscribe({ subject: caller.subject, jti: caller.jti, write: out.write, close });
    const ping = setInterval(() => out.write(PING_FRAME), ctx.options.pingIntervalMs);
    // Simulated time: advancing the clock past the token's expiry ends the stream too.
    const cancelExpiry = ctx.clock.schedule(caller.exp * 1000 - ctx.clock.now(), close);
    ping.unref();
    res.on('close', close);
  }
}

/** Our ids are integers; `0` replays everything retained; anything unreadable means "live only". */
function parseLastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
