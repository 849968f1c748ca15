import type { Conversation } from '../store/types.ts';

/** `GET /iamessage/api/v2/conversation/list`: counts of open (and closed) conversations, and a page of them, oldest first. */
export function toConversationList(mine: Conversation[], page: { includeClosed: boolean; limit: number }) {
  const open = mine.filter((c) => c.status === 'OPEN');
  const closed = mine.filter((c) => c.status === 'CLOSED');
  const shown = (page.includeClosed ? mine : open).slice(0, page.limit);
  return {
    openConversationsFound: open.length,
    closedConversationsFound: page.includeClosed ? closed.length : 0,
    conversations: shown.map((c) => ({ conversationId: c.id, startTimestamp: c.startTimestamp, endTimestamp: c.endTimestamp })),
  };
}
