import type { ServerResponse } from 'node:http';

/**
 * Requests a `hang` fault accepted and never answers. Each stays open until the client gives up;
 * `releaseAll` (reset, shutdown) destroys the rest, so neither tests nor a stop wait on them.
 */
export class HungRequests {
  private held = new Set<ServerResponse>();

  hold(res: ServerResponse): void {
    this.held.add(res);
    res.once('close', () => this.held.delete(res));
  }

  /** Destroy every held connection; resolves once each has closed (and so has been journaled). */
  releaseAll(): Promise<void> {
    const closing = [...this.held].map(
      (res) =>
        new Promise<void>((done) => {
          this.held.delete(res);
          if (!res.socket || res.socket.destroyed) return done();
          res.once('close', () => done());
          res.socket.destroy();
        }),
    );
    return Promise.all(closing).then(() => undefined);
  }

  get size(): number {
    return this.held.size;
  }
}
