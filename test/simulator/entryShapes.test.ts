/**
 * Entries and their wire forms are built without `{ ...x, more }` object literals (node 20's V8 gives
 * every object such a literal makes a hidden class of its own: docs/performance.md, "Tails"). These
 * check that the objects, their key order and the bytes sent are what the spread literals made, and
 * that many entries do share one hidden class.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordEntry, type EntryDraft } from '../../simulator/domain/conversations/recordEntry.ts';
import { ROUTER } from '../../simulator/domain/conversations/participants.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { ConversationStore } from '../../simulator/store/conversations.ts';
import { entryPayload, toRestEntry, toSseData } from '../../simulator/serialize/entries.ts';
import { AccessTokens } from '../../simulator/auth/accessToken.ts';
import type { ConversationDraft, Entry, Participant } from '../../simulator/store/types.ts';

const END_USER: Participant = { role: 'EndUser', appType: 'iamessage', subject: 'v2/iamessage/AUTH/Sim_Keyset/uid:alice', clientIdentifier: 'client-1' };

function setUp() {
  const conversations = new ConversationStore();
  const conversation: ConversationDraft = {
    id: '5b2f4f43-7a8e-4c11-9f6e-1d2c3b4a5f60',
    orgId: '00DSIM000000000001',
    deployment: 'Sim_Web',
    subject: END_USER.subject,
    endUserDisplayName: 'Alice',
    status: 'OPEN',
    routingStatus: 'ROUTED',
    startTimestamp: 1,
    endTimestamp: 0,
    sessions: [],
    agents: [],
    entries: [],
  };
  conversations.add(conversation);
  const clock = new ManualClock(1_700_000_000_000);
  const published: Entry[] = [];
  const deps = { store: { conversations, directory: undefined as never }, clock, publish: (change: { type: string; entry?: Entry }) => change.entry && published.push(change.entry) };
  return { conversation, deps, published };
}

const message = (text: string, extra: Partial<EntryDraft> = {}): EntryDraft =>
  ({
    entryType: 'Message',
    message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } },
    inReplyToMessageId: null,
    sender: END_USER,
    senderDisplayName: 'Alice',
    ...extra,
  }) as EntryDraft;

// What the code built before, as spread literals: the reference the bytes are compared with.
const oldEnvelope = (e: Entry) => ({
  identifier: e.identifier,
  entryType: e.entryType,
  sender: e.sender,
  senderDisplayName: e.senderDisplayName,
  transcriptedTimestamp: e.transcriptedTimestamp,
  clientTimestamp: e.clientTimestamp,
  clientDuration: e.clientDuration,
  relatedRecords: e.relatedRecords,
});
function oldPayload(e: Entry): Record<string, unknown> {
  const head = { entryType: e.entryType, id: e.identifier };
  if (e.entryType === 'Message') return { ...head, abstractMessage: { ...e.message, id: e.identifier, inReplyToMessageId: e.inReplyToMessageId, references: [] }, messageReason: null };
  if (e.entryType === 'SessionStatusChanged') return { ...head, sessionId: e.sessionId, sessionStatus: e.sessionStatus };
  if (e.entryType === 'ReadAcknowledgement') return { ...head, acknowledgementTimestamp: e.acknowledgedAt };
  if (e.entryType === 'CloseConversation') return { ...head, conversationIdentifier: e.conversationId };
  return head;
}

describe('entries without spread literals', () => {
  it('records an entry with the keys and values the spread literal gave, in its order', () => {
    const { conversation, deps, published } = setUp();
    const entry = recordEntry(deps, conversation, message('hello', { identifier: 'a1', clientTimestamp: 5, relatedRecords: ['r1'], persist: true, stream: true }));
    expect(Object.keys(entry)).toEqual(['entryType', 'message', 'inReplyToMessageId', 'identifier', 'conversationId', 'sender', 'senderDisplayName', 'transcriptedTimestamp', 'clientTimestamp', 'clientDuration', 'relatedRecords']);
    expect(entry).toMatchObject({ identifier: 'a1', conversationId: conversation.id, clientTimestamp: 5, clientDuration: 0, relatedRecords: ['r1'], transcriptedTimestamp: 1_700_000_000_000 });
    expect(entry.sender).toEqual(END_USER);
    expect(conversation.entries).toEqual([entry]);
    expect(published).toEqual([entry]);

    const typing = recordEntry(deps, conversation, { entryType: 'TypingStartedIndicator', sender: END_USER, senderDisplayName: 'Alice', persist: false });
    expect(Object.keys(typing)).toEqual(['entryType', 'identifier', 'conversationId', 'sender', 'senderDisplayName', 'transcriptedTimestamp', 'clientTimestamp', 'clientDuration', 'relatedRecords']);
    expect(typing.identifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(typing.clientTimestamp).toBe(typing.transcriptedTimestamp);
    expect(conversation.entries).toHaveLength(1);
  });

  it('sends the bytes the spread literals sent, for each kind of entry, on the stream and over REST', () => {
    const { conversation, deps } = setUp();
    const entries = [
      recordEntry(deps, conversation, message('hi "there"')),
      recordEntry(deps, conversation, { entryType: 'SessionStatusChanged', sessionId: '0MwSIM1', sessionStatus: 'Ended', sender: ROUTER, senderDisplayName: 'Router' }),
      recordEntry(deps, conversation, { entryType: 'ReadAcknowledgement', acknowledgedAt: 7, sender: END_USER, senderDisplayName: 'Alice', relatedRecords: ['m1'] }),
      recordEntry(deps, conversation, { entryType: 'CloseConversation', sender: END_USER, senderDisplayName: 'Alice' }),
      recordEntry(deps, conversation, { entryType: 'TypingStoppedIndicator', sender: END_USER, senderDisplayName: 'Alice' }),
    ];
    for (const e of entries) {
      expect(JSON.stringify(entryPayload(e))).toBe(JSON.stringify(oldPayload(e)));
      expect(JSON.stringify(toRestEntry(e))).toBe(JSON.stringify({ ...oldEnvelope(e), entryPayload: oldPayload(e) }));
      const sse = { channelPlatformKey: 'alice', channelType: 'embedded_messaging', channelAddressIdentifier: 'chan', conversationId: conversation.id, conversationEntry: { ...oldEnvelope(e), entryPayload: JSON.stringify(oldPayload(e)), contextParamMap: {} } };
      expect(toSseData(conversation, 'chan', e)).toBe(JSON.stringify(sse));
    }
  });

  it('keeps a message field named like an added one in its place, and a "__proto__" key as a plain key', () => {
    const { conversation, deps } = setUp();
    const content = JSON.parse('{"messageType":"StaticContentMessage","id":"sent-id","__proto__":{"polluted":true},"staticContent":{"formatType":"Text","text":"x"}}') as Record<string, unknown>;
    const entry = recordEntry(deps, conversation, { entryType: 'Message', message: content as never, inReplyToMessageId: null, sender: END_USER, senderDisplayName: 'Alice', identifier: 'e1' });
    const abstractMessage = entryPayload(entry).abstractMessage as Record<string, unknown>;
    expect(Object.keys(abstractMessage)).toEqual(['messageType', 'id', '__proto__', 'staticContent', 'inReplyToMessageId', 'references']);
    expect(abstractMessage.id).toBe('e1');
    expect(Object.getPrototypeOf(abstractMessage)).toBe(Object.prototype);
    expect((abstractMessage as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('mints a session with the caller\'s fields first, then clientId, jti and exp', async () => {
    const tokens = new AccessTokens(new ManualClock(1_700_000_000_000));
    const { session } = await tokens.mint({ subject: END_USER.subject, orgId: '00DSIM000000000001', deployment: 'Sim_Web', channelAddressIdentifier: 'chan', authMode: 'Auth', displayName: 'alice' }, 1_700_003_600);
    expect(Object.keys(session)).toEqual(['subject', 'orgId', 'deployment', 'channelAddressIdentifier', 'authMode', 'displayName', 'clientId', 'jti', 'exp']);
    expect(session.clientId).toMatch(/^v1\/Sim_Web\/[0-9a-f-]{36}$/);
    expect(session.exp).toBe(1_700_003_600);
  });

  it('gives thousands of recorded entries and their payloads one hidden class each (V8, checked in a child node)', () => {
    // %HaveSameMap needs --allow-natives-syntax, so this runs in a node of its own; warm enough for V8's object-clone cache to settle.
    const script = `
      import { recordEntry } from './simulator/domain/conversations/recordEntry.ts';
      import { entryPayload } from './simulator/serialize/entries.ts';
      import { ConversationStore } from './simulator/store/conversations.ts';
      const conversations = new ConversationStore();
      const c = { id: 'c1', orgId: 'o', deployment: 'd', subject: 's', endUserDisplayName: 'A', status: 'OPEN', routingStatus: 'ROUTED', startTimestamp: 1, endTimestamp: 0, sessions: [], agents: [], entries: [] };
      conversations.add(c);
      const deps = { store: { conversations }, clock: { now: () => 1 }, publish: () => {} };
      const sender = { role: 'EndUser', appType: 'iamessage', subject: 's', clientIdentifier: 'k' };
      const entries = [], payloads = [];
      for (let i = 0; i < 3000; i++) {
        const e = recordEntry(deps, c, { entryType: 'Message', message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 't' + i } }, inReplyToMessageId: null, sender, senderDisplayName: 'A' });
        entries.push(e);
        payloads.push(entryPayload(e).abstractMessage);
      }
      const same = (xs) => xs.slice(-100).every((x, i, a) => i === 0 || %HaveSameMap(x, a[i - 1]));
      console.log(JSON.stringify({ entries: same(entries), payloads: same(payloads) }));
    `;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ entries: true, payloads: true });
  });
});
