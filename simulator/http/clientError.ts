import { STATUS_CODES, maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { MiawApiError } from '../shared/errors.ts';

/**
 * What Node's HTTP parser refuses before any route sees it (headers past its limit, bytes that are
 * not HTTP, a request too slow to arrive) is answered in the API's error shape, JSON, as every
 * other refusal is; Node's own answer is a bare status line with an empty body.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const error = refusalOf(err.code);
    const body = JSON.stringify(error.toBody());
    const status = `${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`;
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

function refusalOf(code: string | undefined): MiawApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return new MiawApiError(431, 'HEADERS_TOO_LARGE', `The request headers are larger than the ${maxHeaderSize} bytes taken: send smaller headers (a shorter URL, fewer cookies).`);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new MiawApiError(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.');
  return new MiawApiError(400, 'BAD_HTTP_REQUEST', 'The request is not valid HTTP/1.1.');
}
