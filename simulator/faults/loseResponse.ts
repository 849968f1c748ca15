import type { ServerResponse } from 'node:http';

/**
 * Let the handler run to the end (its state changes happen) but lose what it answers: the moment
 * it would send anything (headers, a chunk or the end), the connection is destroyed instead, so not
 * one byte of the response reaches the client. The "create succeeded, response lost" case.
 */
export function loseResponse(res: ServerResponse): void {
  const lose = () => {
    if (!res.socket?.destroyed) res.socket?.destroy();
  };
  res.writeHead = ((..._args: unknown[]) => {
    lose();
    return res;
  }) as ServerResponse['writeHead'];
  res.flushHeaders = lose;
  res.write = ((..._args: unknown[]) => {
    lose();
    return false;
  }) as ServerResponse['write'];
  res.end = ((..._args: unknown[]) => {
    lose();
    return res;
  }) as ServerResponse['end'];
}
