import { describe, expect, it } from 'vitest';
import { startServer } from '../../simulator/server/start.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { guestOfNewDeployment } from '../helpers/deployment.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';
import { entryOf } from '../helpers/routing.ts';

const V1 = '/__sim/v1';
const INACTIVITY = { inactivityWarning: { afterSeconds: 60, text: 'Are you still there?' }, inactivityEnd: { afterSeconds: 120, text: 'Closing this chat for inactivity.' } };
const DAY = 24 * 3600;

/** A conversation's recorded entries as short lines, oldest first. */
async function lines(sim: Parameters<typeof recorded>[0], id: string): Promise<string[]> {
  const rec = await recorded(sim, id);
  return rec.entries.map((e: any) => {
    const p = e.entryPayload;
    if (e.entryType === 'Message') return `${e.sender.role} ${e.senderDisplayName}: ${p.abstractMessage.staticContent.text}`;
    if (e.entryType === 'ParticipantChanged') return `ParticipantChanged ${p.entries[0].operation}`;
    if (e.entryType === 'SessionStatusChanged') return `SessionStatusChanged ${p.sessionStatus}`;
    return e.entryType;
  });
}

const repSays = async (sim: Parameters<typeof recorded>[0], id: string, text: string) => {
  const r = await call(sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text } });
  expect(r.status, show(r)).toBe(201);
};

const advance = async (sim: Parameters<typeof recorded>[0], seconds: number) => {
  const r = await call(sim, 'POST', `${V1}/clock/advance`, { body: { seconds } });
  expect(r.status, show(r)).toBe(200);
};

describe('auto-responses', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0));
  const t = useSim({ clock });

  it('sends the start, rep-joins and session-end messages as the Automated Process, each at its moment', async () => {
    const user = await guestOfNewDeployment(t.sim, { name: 'Auto_Web', autoResponses: { start: 'Welcome!', repJoins: 'A rep has joined.', sessionEnd: 'Thanks for chatting.' } });
    const stream = await openStream(t.sim.url, user.token, t.sim.orgId, user.lastEventId);
    const id = await user.start();
    expect((await call(t.sim, 'POST', `${V1}/conversations/${id}/accept`, { body: {} })).status).toBe(200);
    expect((await call(t.sim, 'POST', `${V1}/conversations/${id}/end-session`, { body: {} })).status).toBe(200);
    expect(await lines(t.sim, id)).toEqual([
      'System Automated Process: Welcome!',
      'RoutingResult',
      'ParticipantChanged add',
      'System Automated Process: A rep has joined.',
      'ParticipantChanged remove',
      'SessionStatusChanged Ended',
      'System Automated Process: Thanks for chatting.',
    ]);
    const frames = await stream.waitFor((f) => f.length === 7);
    stream.close();
    const welcome = entryOf(frames[0]!);
    expect(frames[0]!.event).toBe('CONVERSATION_MESSAGE');
    expect(welcome).toMatchObject({ senderDisplayName: 'Automated Process', sender: { role: 'System' } });
    expect(JSON.parse(welcome.entryPayload).abstractMessage).toMatchObject({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Welcome!' } });
  });

  it('counts the silence from the rep\'s first reply after the end user\'s last message, on the simulated clock: a warning, then Inactive', async () => {
    const user = await guestOfNewDeployment(t.sim, { name: 'Idle_Web', autoResponses: INACTIVITY });
    const id = await user.start();
    await advance(t.sim, 600);
    expect(await lines(t.sim, id)).toEqual(['RoutingResult']); // nobody answered yet: nothing to count from
    await repSays(t.sim, id, 'How can I help?');
    await advance(t.sim, 59);
    expect((await lines(t.sim, id)).at(-1)).toBe('Agent Sim Rep: How can I help?');
    await advance(t.sim, 1);
    expect((await lines(t.sim, id)).at(-1)).toBe('System Automated Process: Are you still there?');
    await repSays(t.sim, id, 'Hello?'); // not the first reply: the count goes on
    await advance(t.sim, 59);
    expect((await recorded(t.sim, id)).sessionStatus).toBe('Active');
    await advance(t.sim, 1);
    expect(await lines(t.sim, id)).toEqual([
      'RoutingResult',
      'ParticipantChanged add',
      'Agent Sim Rep: How can I help?',
      'System Automated Process: Are you still there?',
      'Agent Sim Rep: Hello?',
      'System Automated Process: Closing this chat for inactivity.',
      'ParticipantChanged remove',
      'SessionStatusChanged Inactive',
    ]);
    const inactive = await recorded(t.sim, id);
    expect(inactive).toMatchObject({ sessionStatus: 'Inactive', assignedRep: null, activeSessionId: inactive.sessions[0].id });
    expect(inactive.sessions[0].inactiveAt).toEqual(expect.any(Number));
  });

  it('an Inactive session ends 24 hours after it went Inactive, with the session-end auto-response', async () => {
    const user = await guestOfNewDeployment(t.sim, { name: 'Idle_Web', autoResponses: { ...INACTIVITY, sessionEnd: 'Bye.' } });
    const id = await user.start();
    await repSays(t.sim, id, 'Hi');
    await advance(t.sim, 120);
    expect((await recorded(t.sim, id)).sessionStatus).toBe('Inactive');
    await advance(t.sim, DAY - 1);
    expect((await recorded(t.sim, id)).sessionStatus).toBe('Inactive');
    await advance(t.sim, 1);
    expect((await lines(t.sim, id)).slice(-3)).toEqual(['SessionStatusChanged Inactive', 'SessionStatusChanged Ended', 'System Automated Process: Bye.']);
    expect((await recorded(t.sim, id)).sessions.map((s: any) => s.status)).toEqual(['Ended']);
    // (The guest token has expired by now; scenarios/inactivity-ends-session.json shows the 417 and the new session with a client that renews its token.)
  });

  it('stops the count when the end user writes; after the inactivity end their next message makes the session Waiting and routes it again', async () => {
    const user = await guestOfNewDeployment(t.sim, { name: 'Idle_Web', autoResponses: INACTIVITY });
    const id = await user.start();
    await repSays(t.sim, id, 'Hi');
    await advance(t.sim, 100);
    expect((await user.send(id, 'still here')).status).toBe(202);
    await advance(t.sim, 600);
    expect((await recorded(t.sim, id)).sessionStatus).toBe('Active');
    await repSays(t.sim, id, 'Great, one moment.');
    await advance(t.sim, 120); // both timers fall inside one advance: the warning first, then Inactive
    expect((await lines(t.sim, id)).slice(-4)).toEqual([
      'System Automated Process: Are you still there?',
      'System Automated Process: Closing this chat for inactivity.',
      'ParticipantChanged remove',
      'SessionStatusChanged Inactive',
    ]);
    const back = await user.send(id, 'sorry, I am back');
    expect(back.status, show(back)).toBe(202);
    const rec = await recorded(t.sim, id);
    expect(rec.sessions.map((s: any) => s.status)).toEqual(['Waiting']);
    expect(rec.sessions[0].inactiveAt).toBeUndefined();
    expect((await lines(t.sim, id)).slice(-3)).toEqual(['SessionStatusChanged Waiting', 'RoutingResult', 'EndUser Guest: sorry, I am back']);
    // The same session counts again once a rep answers; the 24-hour end of the Inactive spell is gone.
    await repSays(t.sim, id, 'Welcome back.');
    await advance(t.sim, 120);
    expect((await recorded(t.sim, id)).sessions.map((s: any) => s.status)).toEqual(['Inactive']);
  });

  it('sends nothing and ends nothing for a deployment without auto-responses', async () => {
    const user = await guestOfNewDeployment(t.sim, { name: 'Quiet_Web' });
    const id = await user.start();
    await advance(t.sim, 7 * 24 * 3600);
    expect(await lines(t.sim, id)).toEqual(['RoutingResult']);
    expect((await recorded(t.sim, id)).sessionStatus).toBe('Waiting');
  });
});

describe('auto-responses and the state export', () => {
  it('carry the deployment fields through export and import, and a session imported mid-silence still goes Inactive, then ends a day later', async () => {
    const clock = new ManualClock();
    const first = await startServer({ clock, log: () => undefined });
    let id: string;
    let state: any;
    try {
      const user = await guestOfNewDeployment(first.running, {
        name: 'Kept_Web',
        autoResponses: INACTIVITY,
        parameterMapping: ['Priority'],
        preChatDisplayContext: 'Session',
        preChatFields: [{ name: 'Topic', type: 'ChoiceList', choices: ['A', 'B'] }],
      });
      id = await user.start({ Chat_language: 'fr' });
      await repSays(first.running, id, 'Hello');
      await advance(first.running, 90);
      state = (await call(first.running, 'GET', `${V1}/state`)).body;
    } finally {
      await first.running.stop();
    }
    const exported = state.deployments.find((d: any) => d.name === 'Kept_Web');
    expect(exported).toMatchObject({ autoResponses: INACTIVITY, parameterMapping: ['Priority'], preChatDisplayContext: 'Session', preChatFields: [{ name: 'Topic', type: 'ChoiceList', choiceList: { values: [{ name: 'A' }, { name: 'B' }] } }] });

    const second = await startServer({ clock: new ManualClock(clock.now()), state, log: () => undefined });
    try {
      const deployments = (await call(second.running, 'GET', `${V1}/deployments`)).body.deployments;
      expect(deployments.find((d: any) => d.name === 'Kept_Web')).toEqual(exported);
      expect((await recorded(second.running, id)).unmappedAttributes).toEqual(['Chat_language']);
      // 90 s of the 120 s had passed; the import keeps the clock as far ahead (plus the real time the restart took).
      await advance(second.running, 20);
      expect((await recorded(second.running, id)).sessionStatus).toBe('Active');
      await advance(second.running, 10);
      expect((await recorded(second.running, id)).sessionStatus).toBe('Inactive');
      const third = await startServer({ clock: new ManualClock(clock.now() + 30_000), state: (await call(second.running, 'GET', `${V1}/state`)).body, log: () => undefined });
      try {
        // The import keeps the Inactive spell's start: the day is counted from it, not from the import.
        await advance(third.running, DAY - 60);
        expect((await recorded(third.running, id)).sessionStatus).toBe('Inactive');
        await advance(third.running, 60);
        expect((await recorded(third.running, id)).sessionStatus).toBe('Ended');
      } finally {
        await third.running.stop();
      }
    } finally {
      await second.running.stop();
    }
  });
});
