import type { StreamedToken } from './repEvents.ts';
import type { RepEvent } from './types.ts';

/** Replies followed at once, and tokens kept per reply: a stream that never finishes cannot grow memory without bound. */
const MAX_REPLIES = 20;
const MAX_TOKENS = 2_000;

/**
 * Streamed replies (`CONVERSATION_STREAMING_TOKEN`) put together: tokens may come out of order,
 * so each reply is kept sorted by `sequenceNumber`, and every token gives the reply so far as a
 * `message-partial` event. The finished reply is the `message` whose id is the tokens'
 * `targetMessageIdentifier`; `finish` then forgets the tokens.
 */
export class TokenAssembler {
  private readonly replies = new Map<string, Array<{ n: number; text: string }>>();

  constructor(private readonly conversationId: string) {}

  add(token: StreamedToken): RepEvent | undefined {
    let tokens = this.replies.get(token.targetMessageId);
    if (!tokens) {
      if (this.replies.size >= MAX_REPLIES) this.replies.delete(this.replies.keys().next().value!);
      tokens = [];
      this.replies.set(token.targetMessageId, tokens);
    }
    const at = insertionPoint(tokens, token.sequenceNumber);
    if (tokens[at]?.n === token.sequenceNumber) tokens[at] = { n: token.sequenceNumber, text: token.text };
    else if (tokens.length < MAX_TOKENS) tokens.splice(at, 0, { n: token.sequenceNumber, text: token.text });
    else return undefined;
    const { targetMessageId, senderName, senderRole, at: when } = token;
    return { type: 'message-partial', conversationId: this.conversationId, targetMessageId, text: tokens.map((t) => t.text).join(''), senderName, senderRole, at: when };
  }

  /** The reply `messageId` arrived whole: its tokens are no longer needed. */
  finish(messageId: string): void {
    this.replies.delete(messageId);
  }
}

/** Where sequence number `n` goes in `tokens` (sorted ascending): binary search, as tokens mostly come in order. */
function insertionPoint(tokens: ReadonlyArray<{ n: number }>, n: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.n < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
