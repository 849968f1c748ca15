import { connect } from 'node:net';

// HTTP/1.1 over a raw socket (node:net): the request's bytes go out exactly as given (fetch and
// http.request would normalise them), and the answer is read by its own framing, so a second request
// on the same connection shows whether the server read the first one's body as it said it would.

/** One response as it came over the wire. */
export interface Answer {
  /** The interim responses' status lines (`HTTP/1.1 100 Continue`). */
  interim: string[];
  /** The final response's status line, or undefined when none came whole. */
  statusLine: string | undefined;
  /** Raw header lines, `Name: value`, in order. */
  headers: string[];
  /** Body bytes, as latin1 (one character a byte); an event stream's: what came in its first moments, framing included. */
  body: string;
}

/** What happened on one connection: the answers, in order, and how it ended. */
export interface Exchange {
  answers: Answer[];
  /** 'closed': the server closed it; 'open': still open after the last answer; 'timeout': an answer never came whole; 'stream': an event stream, left open. */
  end: 'closed' | 'open' | 'timeout' | 'stream';
}

interface Parsed {
  answer: Answer;
  rest: Buffer;
  /** An event stream: its body is what comes within a short while. */
  stream?: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** How long an event stream's first bytes are read for. */
const STREAM_MS = 150;

/** One whole response at the start of `buf` (a HEAD's has no body), or undefined while more bytes are needed. */
function parseOne(buf: Buffer, head: boolean, interim: string[] = []): Parsed | undefined {
  const end = buf.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const [statusLine, ...headers] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const after = buf.subarray(end + 4);
  const status = Number(statusLine!.split(' ')[1]);
  if (status >= 100 && status < 200) return parseOne(after, head, [...interim, statusLine!]);
  const header = (name: string) => headers.find((h) => h.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  const answer = (body: string): Answer => ({ interim, statusLine, headers, body });
  if (head || status === 204 || status === 304) return { answer: answer(''), rest: after };
  if (header('content-type')?.startsWith('text/event-stream')) return { answer: answer(''), rest: after, stream: true };
  if (header('transfer-encoding')?.toLowerCase() === 'chunked') return dechunk(after, answer);
  const length = Number(header('content-length') ?? NaN);
  if (Number.isNaN(length)) return undefined; // read to the close: `finish` takes what is there
  if (after.length < length) return undefined;
  return { answer: answer(after.subarray(0, length).toString('latin1')), rest: after.subarray(length) };
}

function dechunk(buf: Buffer, answer: (body: string) => Answer): Parsed | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) {
      const trailerEnd = buf.indexOf(HEADER_END, lineEnd);
      if (buf.subarray(lineEnd, lineEnd + 4).equals(HEADER_END)) return { answer: answer(Buffer.concat(parts).toString('latin1')), rest: buf.subarray(lineEnd + 4) };
      return trailerEnd < 0 ? undefined : { answer: answer(Buffer.concat(parts).toString('latin1')), rest: buf.subarray(trailerEnd + 4) };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  throw new Error('too many chunks');
}

/** What came before the close, for a response framed by the close itself (or cut short). */
function finish(buf: Buffer, head: boolean): Answer | undefined {
  const end = buf.indexOf(HEADER_END);
  if (end < 0) return buf.length === 0 ? undefined : { interim: [], statusLine: undefined, headers: [], body: buf.toString('latin1') };
  const parsed = parseOne(Buffer.concat([buf, HEADER_END]), head);
  return parsed?.answer ?? { interim: [], statusLine: buf.subarray(0, end).toString('latin1').split('\r\n')[0], headers: [], body: buf.subarray(end + 4).toString('latin1') };
}

/**
 * Reads one answer per entry of `heads` (true: the answer to a HEAD request) on one connection to
 * 127.0.0.1:`port`, waiting at most `waitMs` for each. `writes[i]` goes out once answer i - 1 came
 * whole (the first on connecting; one write may hold pipelined requests, its next entries left
 * empty). The socket is destroyed at the end.
 */
export function exchange(port: number, writes: Array<Buffer | undefined>, heads: boolean[], waitMs: number): Promise<Exchange> {
  const requests = heads;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: Answer[] = [];
    let buf: Buffer = Buffer.alloc(0);
    let index = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (end: Exchange['end']) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ answers, end });
    };
    const sendNext = () => {
      const bytes = writes[index];
      if (bytes) socket.write(bytes);
      timer = setTimeout(() => done('timeout'), waitMs);
    };
    let streaming = false;
    const drain = () => {
      for (let parsed = parseOne(buf, heads[index]!); parsed; parsed = index < requests.length ? parseOne(buf, heads[index]!) : undefined) {
        answers.push(parsed.answer);
        buf = parsed.rest;
        clearTimeout(timer);
        if (parsed.stream) {
          streaming = true;
          const { answer } = parsed;
          timer = setTimeout(() => {
            answer.body = buf.toString('latin1');
            done('stream');
          }, STREAM_MS);
          return;
        }
        if (++index === requests.length) {
          // The last answer is in: the server has a short while to close, if it is going to.
          timer = setTimeout(() => done('open'), 30);
          return;
        }
        sendNext();
      }
    };
    socket.on('connect', sendNext);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (index < requests.length && !streaming) drain();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      if (index < requests.length && !streaming) {
        const last = finish(buf, heads[index]!);
        if (last) answers.push(last);
      }
      done('closed');
    });
  });
}
