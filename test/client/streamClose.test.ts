import { describe, expect, it } from 'vitest';
import { streamRepEvents } from '../../client/eventStream.ts';
import { createEventMapper } from '../../client/repEventMapper.ts';
import { rendererFor } from '../../client/render/channelRenderers.ts';
import { RenderConfigSchema } from '../../client/render/renderConfig.ts';

describe('an event stream closed before its first request starts', () => {
  it('sends no request, names no network failure, and settles', async () => {
    const requested: string[] = [];
    let giveToken!: (token: string) => void;
    const stream = streamRepEvents({
      messagingUrl: 'http://127.0.0.1:9',
      orgId: '00DSIM000000001',
      getToken: () => new Promise<string>((resolve) => (giveToken = resolve)),
      fetch: async (input) => {
        requested.push(String(input));
        throw new Error('no request was expected');
      },
      sink: { deliver: () => {} },
      sleep: async () => {},
      reconnectBaseMs: 1,
      maxReconnects: 1,
      readIdleMs: 60_000,
      mapEvent: createEventMapper({ conversationId: 'c', render: rendererFor('web', RenderConfigSchema.parse({})), partials: false }),
    });
    stream.close();
    giveToken('token');
    await expect(stream.done).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(requested).toEqual([]);
    expect(stream.reconnects).toBe(0);
  });
});
