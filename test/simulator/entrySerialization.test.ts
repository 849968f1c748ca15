import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConversationChange } from '../../simulator/domain/conversations/changes.ts';
import { recordEntry, type EntryDraft } from '../../simulator/domain/conversations/recordEntry.ts';
import { entryPayload, toRestEntry, toSseData } from '../../simulator/serialize/entries.ts';
import { copyFields } from '../../simulator/shared/ownValue.ts';
import type { Conversation, Entry } from '../../simulator/store/types.ts';
import { RECORDED_AT, conversation, drafts } from '../helpers/entryDrafts.ts';

/**
 * Entries are built and serialized without object spreads (they are on every request's way); the
 * bytes must stay what the spreads wrote. The golden file holds, for each draft of
 * test/helpers/entryDrafts.ts, what the code before this change made of it: the recorded entry's
 * fields in order, its JSON, its payload, its REST form and its SSE data.
 */
interface Golden {
  keys: string[];
  entry: string;
  payload: string;
  rest: string;
  sseData: string;
}
const golden = JSON.parse(readFileSync(new URL('./entrySerialization.golden.json', import.meta.url), 'utf8')) as Record<string, Golden>;
const CHANNEL = 'c0ffee00-5151-4a11-8000-000000000001';

function recorded(draft: EntryDraft) {
  const stored: Entry[] = [];
  const changes: ConversationChange[] = [];
  const deps = {
    store: { conversations: { appendEntry: (_c: Conversation, e: Entry) => void stored.push(e) } },
    clock: { now: () => RECORDED_AT },
    publish: (change: ConversationChange) => void changes.push(change),
  } as unknown as Parameters<typeof recordEntry>[0];
  const entry = recordEntry(deps, conversation, draft);
  return { entry, stored, changes };
}

describe('entries: built and serialized byte for byte as before', () => {
  it('has a golden record for every draft', () => {
    expect(Object.keys(golden)).toEqual(drafts.map(([name]) => name));
  });

  it.each(drafts)('%s: the recorded entry has the same fields in the same order, stored and announced as before', (name, draft) => {
    const { entry, stored, changes } = recorded(draft);
    expect(Object.keys(entry)).toEqual(golden[name]!.keys);
    expect(JSON.stringify(entry)).toBe(golden[name]!.entry);
    expect(stored).toEqual(draft.persist === false ? [] : [entry]);
    expect(changes).toEqual([{ type: 'entry', conversation, entry, stream: draft.stream !== false }]);
  });

  it.each(drafts)('%s: payload, REST entry and SSE data are the bytes the spreads wrote', (name, draft) => {
    const { entry } = recorded(draft);
    expect(JSON.stringify(entryPayload(entry))).toBe(golden[name]!.payload);
    expect(JSON.stringify(toRestEntry(entry))).toBe(golden[name]!.rest);
    expect(toSseData(conversation, CHANNEL, entry)).toBe(golden[name]!.sseData);
  });

  it('gives a draft without an identifier a fresh one', () => {
    const { identifier: _given, ...draft } = drafts[0]![1];
    const [a, b] = [recorded(draft).entry, recorded(draft).entry];
    expect(a.identifier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.identifier).not.toBe(b.identifier);
    expect(Object.keys(a)).toEqual(golden[drafts[0]![0]]!.keys);
  });

  it('a message\'s own __proto__ field stays a field of its payload, never its prototype', () => {
    const [name, draft] = drafts.find(([n]) => n.includes('__proto__'))!;
    const message = entryPayload(recorded(draft).entry).abstractMessage as Record<string, unknown>;
    expect(Object.getPrototypeOf(message), name).toBe(Object.prototype);
    expect(Object.keys(message)).toEqual(['id', 'messageType', '__proto__', 'inReplyToMessageId', 'formResponse', 'references']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('copyFields', () => {
  it('copies own enumerable fields in order, leaves out what it is told to skip and what is inherited', () => {
    const source = Object.assign(Object.create({ inherited: 1 }), { b: 1, a: 2, skip: 3 });
    const target = copyFields<Record<string, unknown>>({ first: 0 }, source, new Set(['skip']));
    expect(Object.keys(target)).toEqual(['first', 'b', 'a']);
  });
});
