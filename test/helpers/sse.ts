import { request, type IncomingMessage, type ClientRequest } from 'node:http';

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/**
 * An event stream read as raw bytes over node:http (no SSE library in between), so tests see
 * exactly what the server wrote.
 */
export class RawSse {
  raw = '';
  status = 0;
  headers: IncomingMessage['headers'] = {};
  private waiters: Array<() => void> = [];
  private req?: ClientRequest;
  ended = false;

  static open(url: string, headers: Record<string, string>): Promise<RawSse> {
    const sse = new RawSse();
    return new Promise((resolve, reject) => {
      sse.req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        sse.status = res.statusCode ?? 0;
        sse.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          sse.raw += chunk;
          sse.notify();
        });
        res.on('end', () => {
          sse.ended = true;
          sse.notify();
        });
        res.on('error', () => {
          sse.ended = true;
          sse.notify();
        });
        resolve(sse);
      });
      sse.req.on('error', reject);
      sse.req.end();
    });
  }

  private notify() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Complete frames received so far (comments and partial frames left out). */
  frames(): SseFrame[] {
    return this.raw
      .split('\n\n')
      .slice(0, -1)
      .map((block) => {
        const frame: SseFrame = { data: '' };
        for (const line of block.split('\n')) {
          const i = line.indexOf(':');
          if (i <= 0) continue;
          const field = line.slice(0, i);
          const value = line.slice(i + 1).replace(/^ /, '');
          if (field === 'id') frame.id = value;
          else if (field === 'event') frame.event = value;
          else if (field === 'data') frame.data = frame.data ? `${frame.data}\n${value}` : value;
        }
        return frame;
      });
  }

  /** Frames other than keep-alive pings. */
  events(): SseFrame[] {
    return this.frames().filter((f) => f.event !== 'ping');
  }

  /** Wait until `predicate` holds for the frames received (or fail after `timeoutMs`). */
  async waitFor(predicate: (frames: SseFrame[]) => boolean, timeoutMs = 10_000): Promise<SseFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events())) {
      if (this.ended) throw new Error(`stream ended before the condition held; received:\n${this.raw}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for SSE frames; received:\n${this.raw}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.events();
  }

  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('stream did not end');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.req?.destroy();
  }
}

/** Open the simulator's event stream for an access token. */
export function openStream(baseUrl: string, token: string, orgId: string, lastEventId?: string): Promise<RawSse> {
  return RawSse.open(`${baseUrl}/eventrouter/v1/sse?_ts=${Date.now()}`, {
    authorization: `Bearer ${token}`,
    'x-org-id': orgId,
    ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
  });
}
