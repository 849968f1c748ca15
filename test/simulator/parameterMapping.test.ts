import { describe, expect, it } from 'vitest';
import { guestOfNewDeployment } from '../helpers/deployment.ts';
import { putRouting, THREE_QUEUES } from '../helpers/routing.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';

const { attributePairs, unmappedNote } = (await import('../../simulator/console/routingAttributes.js' as string)) as {
  attributePairs: (a: Record<string, string>, u?: string[]) => Record<string, string>;
  unmappedNote: (record: { unmappedAttributes?: string[] }) => string;
};

describe('parameter mapping: only mapped routing attributes reach routing', () => {
  const t = useSim();

  it('routes on a mapped attribute and ignores an unmapped one, which stays on the record flagged (control API and journal)', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    const user = await guestOfNewDeployment(t.sim, { name: 'Mapped_Web', parameterMapping: ['Priority'] });
    // Chat_language "fr" would route to French, but it is not mapped: the flow never sees it.
    const id = await user.start({ Chat_language: 'fr', Priority: 'High' });
    const rec = await recorded(t.sim, id);
    expect(rec.queue).toBe('Priority');
    expect(rec.routingAttributes).toEqual({ Chat_language: 'fr', Priority: 'High' });
    expect(rec.unmappedAttributes).toEqual(['Chat_language']);
    expect(rec.sessions[0].unmappedAttributes).toEqual(['Chat_language']);
    const create = rec.journal.find((r: any) => r.method === 'POST' && r.path === '/iamessage/api/v2/conversation');
    expect(create).toMatchObject({ status: 201, unmappedAttributes: ['Chat_language'] });

    const onlyUnmapped = await user.start({ Chat_language: 'fr' });
    expect((await recorded(t.sim, onlyUnmapped)).queue).toBe('General');
  });

  it('enforces the mapping on a new session too (isNewMessagingSession after the session ended)', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    const user = await guestOfNewDeployment(t.sim, { name: 'Mapped_Web', parameterMapping: ['Priority'] });
    const id = await user.start({ Priority: 'High' });
    expect((await call(t.sim, 'POST', `/__sim/v1/conversations/${id}/end-session`, { body: {} })).status).toBe(200);
    const again = await user.send(id, 'one more thing', { isNewMessagingSession: true, routingAttributes: { Chat_language: 'fr' } });
    expect(again.status, show(again)).toBe(202);
    const rec = await recorded(t.sim, id);
    expect(rec.sessions).toHaveLength(2);
    expect(rec).toMatchObject({ queue: 'General', unmappedAttributes: ['Chat_language'] });
    expect(rec.journal.at(-1)).toMatchObject({ status: 202, unmappedAttributes: ['Chat_language'] });
  });

  it('routes on every attribute when the deployment declares no mapping (the behaviour before parameter mapping), and flags none', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    const user = await guestOfNewDeployment(t.sim, { name: 'Unmapped_Web' });
    const id = await user.start({ Chat_language: 'fr' });
    const rec = await recorded(t.sim, id);
    expect(rec).toMatchObject({ queue: 'French', unmappedAttributes: [] });
    expect(rec.journal.find((r: any) => r.path === '/iamessage/api/v2/conversation')).not.toHaveProperty('unmappedAttributes');
  });

  it('an empty mapping maps nothing: every attribute is unmapped', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    const user = await guestOfNewDeployment(t.sim, { name: 'Empty_Map', parameterMapping: [] });
    const id = await user.start({ Chat_language: 'fr', Priority: 'High' });
    expect(await recorded(t.sim, id)).toMatchObject({ queue: 'General', unmappedAttributes: ['Chat_language', 'Priority'] });
  });

  it('the console flags unmapped attributes by name, in the attribute list and the journal', () => {
    expect(attributePairs({ Chat_language: 'fr', Priority: 'High' }, ['Chat_language'])).toEqual({ 'Chat_language ⚑ unmapped': 'fr', Priority: 'High' });
    expect(attributePairs({ Priority: 'High' })).toEqual({ Priority: 'High' });
    expect(unmappedNote({ unmappedAttributes: ['Chat_language', 'Topic'] })).toBe(' ⚑ unmapped: Chat_language, Topic');
    expect(unmappedNote({})).toBe('');
  });
});
