import { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { assertHoldable, flushingResponses } from '../../simulator/http/flushBeforeReplies.ts';

const proto = ServerResponse.prototype as unknown as Record<string, unknown>;
const saved = proto._writeRaw;
const persist = { pending: () => false, afterFlush: () => undefined };

describe('--persist holds replies through node internals: a Node without them refuses to start, naming what is missing', () => {
  afterEach(() => {
    proto._writeRaw = saved;
  });

  it('accepts this Node', () => {
    expect(() => assertHoldable()).not.toThrow();
    expect(flushingResponses(persist).prototype).toBeInstanceOf(ServerResponse);
  });

  it('refuses when _writeRaw is gone', () => {
    proto._writeRaw = undefined;
    expect(() => flushingResponses(persist)).toThrow(/lack _writeRaw\b.*without --persist/);
  });
});
