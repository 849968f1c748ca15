import type { ServerResponse } from 'node:http';
import type { FaultAction } from './faultSchema.ts';
import { tapStream } from './tapStream.ts';

type StreamAction = Extract<FaultAction, { type: 'drop-stream' | 'stall-stream' | 'cut-stream' }>;

/**
 * Let an event stream open normally (200 and headers), then misbehave. Pings are never counted.
 * - `drop-stream`: the server ends the stream cleanly after `afterEvents` events (at once when 0).
 * - `stall-stream`: nothing more is written at all, no events and no pings; the connection stays
 *   open. Events are held back, not lost: they stay in the log for a `Last-Event-ID` replay.
 * - `cut-stream`: after `afterEvents` complete events, half of the next event's bytes are written
 *   and the connection is destroyed: a stream cut mid-frame.
 */
export function streamFault(res: ServerResponse, action: StreamAction): void {
  let left = action.type === 'stall-stream' ? 0 : (action.afterEvents ?? 0);
  switch (action.type) {
    case 'drop-stream':
      return tapStream(res, {
        opened: (stream) => {
          if (left === 0) stream.end();
        },
        frame: (frame, isPing, stream) => {
          stream.pass(frame);
          if (!isPing && --left <= 0) stream.end();
        },
      });
    case 'stall-stream':
      return tapStream(res, { frame: () => undefined });
    case 'cut-stream':
      return tapStream(res, {
        frame: (frame, isPing, stream) => {
          if (isPing || left-- > 0) return stream.pass(frame);
          const bytes = Buffer.from(frame, 'utf8');
          stream.cut(bytes.subarray(0, Math.floor(bytes.length / 2)));
        },
      });
  }
}
