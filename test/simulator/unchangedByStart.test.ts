import { describe, expect, it } from 'vitest';
import type { SimContext } from '../../simulator/server/context.ts';
import type { Restored } from '../../simulator/server/persist/persistDir.ts';
import { unchangedByStart } from '../../simulator/server/persist/unchangedByStart.ts';
import { ConversationStore } from '../../simulator/store/conversations.ts';
import type { Conversation } from '../../simulator/store/types.ts';

/** Whether a restart may go on with its log: judged by the store's change notices since the restore, not by counting entries. */
describe('unchangedByStart', () => {
  const conversation = { id: 'c-1', status: 'OPEN', entries: [] } as unknown as Conversation;
  const setUp = () => {
    const conversations = new ConversationStore();
    conversations.restore([structuredClone(conversation)]);
    const ctx = { store: { conversations, events: { lastId: 7 } }, routing: { snapshot: () => ({ queues: [] }) } } as unknown as SimContext;
    const restored = { logContinues: true, state: { events: { seq: 7 }, salesforce: {}, routing: { queues: [] }, conversations: [conversation] } } as unknown as Restored;
    return { conversations, ctx, restored };
  };

  it('lets the log go on when no conversation changed since the restore', () => {
    const { ctx, restored } = setUp();
    expect(unchangedByStart(ctx, restored)).toBe(true);
  });

  it('writes a snapshot when start-up changed a conversation without recording an entry (same entry count)', () => {
    const { conversations, ctx, restored } = setUp();
    conversations.update(conversations.get('c-1')!, (draft) => {
      draft.status = 'CLOSED';
    });
    expect(unchangedByStart(ctx, restored)).toBe(false);
  });

  it('writes a snapshot when start-up added a conversation', () => {
    const { conversations, ctx, restored } = setUp();
    conversations.add({ ...structuredClone(conversation), id: 'c-2' } as never);
    expect(unchangedByStart(ctx, restored)).toBe(false);
  });

  it('forgets the changes before a restore', () => {
    const { conversations, ctx, restored } = setUp();
    conversations.add({ ...structuredClone(conversation), id: 'c-2' } as never);
    conversations.restore([structuredClone(conversation)]);
    expect(unchangedByStart(ctx, restored)).toBe(true);
  });
});
