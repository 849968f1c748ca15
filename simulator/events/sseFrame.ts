/**
 * Server-sent event frames, byte for byte as the stream sends them: `id:`, `event:`, one `data:` line
 * of JSON, blank line. Data never contains a newline (JSON.stringify escapes them).
 */
export function sseFrame(event: { id?: number | string; event: string; data: string }): string {
  const id = event.id === undefined ? '' : `id: ${event.id}\n`;
  return `${id}event: ${event.event}\ndata: ${event.data}\n\n`;
}

/** Keep-alive as real streams send it: a named `ping` event with data `0` and no id. */
export const PING_FRAME = sseFrame({ event: 'ping', data: '0' });

/**
 * The frames in a chunk a stream writes (one frame, or several joined by `FrameBatch`), each with
 * its closing blank line; a frame ends at the first blank line, as no line of one is empty.
 */
export function framesIn(chunk: string): string[] {
  const frames: string[] = [];
  let start = 0;
  for (let end = chunk.indexOf('\n\n'); end !== -1; end = chunk.indexOf('\n\n', start)) {
    frames.push(chunk.slice(start, end + 2));
    start = end + 2;
  }
  if (start < chunk.length) frames.push(chunk.slice(start));
  return frames;
}
