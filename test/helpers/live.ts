import WebSocket, { type ClientOptions } from 'ws';

export interface LiveClient {
  ws: WebSocket;
  /** Every JSON message received so far, in order. */
  messages: any[];
  /** Resolves with the first message (seen or to come) matching `predicate`. */
  waitFor(predicate: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  close(): void;
}

/** Open `/__sim/v1/live` on a simulator (http -> ws, https -> wss) and wait for its hello. */
export async function openLive(baseUrl: string, options: ClientOptions = {}): Promise<LiveClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/__sim/v1/live`, options);
  const messages: any[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const waitFor = (predicate: (message: any) => boolean, timeoutMs = 3000) =>
    new Promise<any>((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await waitFor((m) => m.type === 'hello');
  return { ws, messages, waitFor, closed, close: () => ws.close() };
}
