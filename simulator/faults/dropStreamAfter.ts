import type { ServerResponse } from 'node:http';
import { PING_FRAME } from '../events/sseFrame.ts';

/**
 * Let an event stream open normally, then end it from the server side once `events` more non-ping
 * frames have been written (right after the headers when `events` is 0). Writes after that are
 * dropped, so the stream handler can clean up as on any other close.
 */
export function dropStreamAfter(res: ServerResponse, events: number): void {
  let left = events;
  let dropped = false;
  const end = res.end.bind(res);
  const write = res.write.bind(res) as (chunk: unknown) => boolean;
  const flushHeaders = res.flushHeaders.bind(res);
  const drop = () => {
    dropped = true;
    end();
  };
  res.flushHeaders = () => {
    flushHeaders();
    if (left === 0 && !dropped) drop();
  };
  res.write = ((chunk: unknown) => {
    if (dropped) return false;
    const written = write(chunk);
    if (chunk !== PING_FRAME && --left <= 0) drop();
    return written;
  }) as ServerResponse['write'];
  res.end = ((...args: Parameters<ServerResponse['end']>) => {
    if (dropped) return res;
    return end(...args);
  }) as ServerResponse['end'];
}
