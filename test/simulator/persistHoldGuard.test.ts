import { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assertHoldable, flushingResponses } from '../../simulator/http/flushBeforeReplies.ts';

const proto = ServerResponse.prototype as unknown as Record<string, unknown>;
const saved = proto._writeRaw;
/** Node keeps it on OutgoingMessage.prototype: put back by removing the shadowing property, not by adding an own one. */
const ownProperty = Object.hasOwn(proto, '_writeRaw');
const persist = { pending: () => false, afterFlush: () => undefined };

describe('--persist holds replies through node internals: a Node without them refuses to start, naming what is missing', () => {
  it('accepts this Node', () => {
    expect(() => assertHoldable()).not.toThrow();
    expect(flushingResponses(persist).prototype).toBeInstanceOf(ServerResponse);
  });

  it('refuses when _writeRaw is gone', () => {
    // Put back before the test returns: this worker may hold other files' servers (no isolation).
    proto._writeRaw = undefined;
    let refusal: unknown;
    try {
      flushingResponses(persist);
    } catch (err) {
      refusal = err;
    } finally {
      if (ownProperty) proto._writeRaw = saved;
      else delete proto._writeRaw;
    }
    expect(proto._writeRaw).toBe(saved);
    expect(String(refusal)).toMatch(/lack _writeRaw\b.*without --persist/);
  });
});
