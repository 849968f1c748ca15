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
