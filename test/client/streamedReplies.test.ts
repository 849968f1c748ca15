import { describe, expect, it } from 'vitest';
import { TokenAssembler } from '../../client/tokenAssembly.ts';
import { RecordingSink } from '../helpers/handoff.ts';
import { richHandoff } from '../helpers/richHandoff.ts';
import { useSim } from '../helpers/sim.ts';

/** #16 item 1: progress indicators and streamed replies (Agentforce) reach the channel. */
describe('progress and streamed replies', () => {
  const t = useSim();

  async function botStreams(sink: RecordingSink) {
    const c = await richHandoff(t.sim, 'web', { sink });
    const target = crypto.randomUUID();
    await c.control('events', { event: { type: 'progress', text: 'Looking up your order' } });
    await c.control('events', { event: { type: 'streaming-tokens', tokens: ['Your order ', 'ships ', 'today.'], targetMessageId: target } });
    await c.control('messages', { message: { id: target, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Your order ships today.' } } });
    await sink.waitFor((events) => events.some((e) => e.type === 'message' && e.entryId === target));
    return target;
  }

  it('a sink with receivePartials sees the reply grow, then the finished reply as one message', async () => {
    const sink = Object.assign(new RecordingSink(), { receivePartials: true });
    const target = await botStreams(sink);
    const shown = sink.events.filter((e) => e.type !== 'participant').map((e) => (e.type === 'message-partial' ? `partial:${e.targetMessageId === target}:${e.text}` : e.type === 'progress' ? `progress:${e.text}` : e.type === 'message' ? `message:${e.text}` : e.type));
    expect(shown).toEqual(['progress:Looking up your order', 'partial:true:Your order ', 'partial:true:Your order ships ', 'partial:true:Your order ships today.', 'message:Your order ships today.']);
  });

  it('other sinks get the progress and only the finished reply', async () => {
    const sink = new RecordingSink();
    await botStreams(sink);
    expect(sink.events.filter((e) => e.type !== 'participant').map((e) => e.type)).toEqual(['progress', 'message']);
  });
});

describe('TokenAssembler', () => {
  const token = (sequenceNumber: number, text: string, targetMessageId = 't1') => ({ targetMessageId, sequenceNumber, text, senderName: 'Agentforce', senderRole: 'Chatbot', at: 1 });

  it('puts tokens that come out of order in sequence order, a repeated number replacing its token', () => {
    const a = new TokenAssembler('c1');
    expect(a.add(token(2, 'world'))).toMatchObject({ type: 'message-partial', text: 'world' });
    expect(a.add(token(1, 'hello '))).toMatchObject({ text: 'hello world' });
    expect(a.add(token(3, '!'))).toMatchObject({ text: 'hello world!' });
    expect(a.add(token(3, '?'))).toMatchObject({ text: 'hello world?' });
  });

  it('forgets a finished reply', () => {
    const a = new TokenAssembler('c1');
    a.add(token(1, 'old'));
    a.finish('t1');
    expect(a.add(token(2, 'new'))).toMatchObject({ text: 'new' });
  });
});
