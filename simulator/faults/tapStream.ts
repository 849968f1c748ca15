import type { ServerResponse } from 'node:http';
import { PING_FRAME, framesIn } from '../events/sseFrame.ts';

/** What a stream tap may do with the stream once it has the frames in hand. */
export interface StreamControl {
  /** Write straight through to the client. */
  pass(chunk: string): void;
  /** End the response from the server side, cleanly; later writes are dropped. */
  end(): void;
  /** Write these bytes, then destroy the connection with no proper end; later writes are dropped. */
  cut(bytes: Uint8Array): void;
}

export interface StreamTap {
  /** Called once the headers are on the wire. */
  opened?(control: StreamControl): void;
  /** Called for each frame the stream handler writes (`isPing` for keep-alives) instead of writing it, one frame at a time. */
  frame(frame: string, isPing: boolean, control: StreamControl): void;
}

/**
 * Put a tap between an event-stream handler and its response: every frame the handler writes goes
 * to the tap, which passes it on, holds it back, ends the stream or cuts the connection. Once the
 * stream is ended or cut, the handler's writes and its own end are dropped, so it cleans up as on
 * any other close.
 */
export function tapStream(res: ServerResponse, tap: StreamTap): void {
  let over = false;
  const write = res.write.bind(res) as (chunk: string | Uint8Array, done?: () => void) => boolean;
  const end = res.end.bind(res);
  const flushHeaders = res.flushHeaders.bind(res);
  const control: StreamControl = {
    pass: (chunk) => {
      if (!over) write(chunk);
    },
    end: () => {
      if (over) return;
      over = true;
      end();
    },
    cut: (bytes) => {
      if (over) return;
      over = true;
      write(bytes, () => res.socket?.destroy());
    },
  };
  res.flushHeaders = () => {
    flushHeaders();
    if (!over) tap.opened?.(control);
  };
  res.write = ((chunk: unknown) => {
    // A chunk may carry several frames (a stream joins those of one turn): the tap sees each, in order.
    for (const frame of framesIn(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'))) {
      if (over) break;
      tap.frame(frame, frame === PING_FRAME, control);
    }
    return true;
  }) as ServerResponse['write'];
  res.end = ((...args: Parameters<ServerResponse['end']>) => (over ? res : end(...args))) as ServerResponse['end'];
}
