import type { Conversation, ConversationDraft, Entry } from './types.ts';

/** A conversation's entries are looked up through a Map once it has more than this many, by a scan before. */
export const INDEXED_FROM = 16;

/**
 * Conversations and their entries, as Salesforce records them. Every change to one goes through
 * here (`add`, `appendEntry`, `update`; the type everyone else holds is read-only), and each tells
 * the watchers which conversation changed: persistence writes exactly those, compares nothing.
 */
export class ConversationStore {
  private byId = new Map<string, Conversation>();
  /**
   * Entry identifiers of the conversations past `INDEXED_FROM` entries, so duplicate checks and ack
   * lookups stay O(1) in long ones; a short conversation (most: a created one has two or three) is
   * scanned instead of getting a Map of its own.
   */
  private entryIndex = new Map<string, Map<string, Entry>>();
  private watchers: Array<(conversation: Conversation) => void> = [];
  private changes = 0;

  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }
  list(filter: { orgId?: string; subject?: string } = {}): Conversation[] {
    return [...this.byId.values()].filter(
      (c) => (!filter.orgId || c.orgId === filter.orgId) && (!filter.subject || c.subject === filter.subject),
    );
  }
  add(conversation: ConversationDraft): void {
    this.keep(conversation);
    this.changed(conversation);
  }
  appendEntry(conversation: Conversation, entry: Entry): void {
    const { entries } = conversation as ConversationDraft;
    entries.push(entry);
    const index = this.entryIndex.get(conversation.id);
    if (index) index.set(entry.identifier, entry);
    else if (entries.length > INDEXED_FROM) this.index(conversation);
    this.changed(conversation);
  }
  /**
   * The one way a conversation's record (status, routing status, sessions, reps) changes: `change`
   * gets it writable, and the watchers are told once it returns (or throws: part of it may have changed).
   */
  update<T>(conversation: Conversation, change: (draft: ConversationDraft) => T): T {
    try {
      return change(conversation as ConversationDraft);
    } finally {
      this.changed(conversation);
    }
  }
  /** Told of each conversation added or changed, as it happens (persistence marks it to be written). Not told of `clear`/`restore`: the store's generation says those. */
  watch(watcher: (conversation: Conversation) => void): () => void {
    this.watchers.push(watcher);
    return () => {
      this.watchers = this.watchers.filter((w) => w !== watcher);
    };
  }
  findEntry(conversation: Conversation, identifier: string): Entry | undefined {
    const index = this.entryIndex.get(conversation.id);
    if (index) return index.get(identifier);
    const { entries } = conversation;
    // Last first: the index keeps the last entry of an identifier too.
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.identifier === identifier) return entries[i];
    return undefined;
  }
  /** Whether any conversation was added or changed since the last `restore` (or ever, without one): a restart that changed nothing can go on with its log. */
  get changedSinceRestore(): boolean {
    return this.changes > 0;
  }
  get size(): number {
    return this.byId.size;
  }
  clear(): void {
    this.byId.clear();
    this.entryIndex.clear();
  }
  snapshot(): Conversation[] {
    return structuredClone([...this.byId.values()]);
  }
  /** `conversations` become the store's own (an import's fresh objects: nobody else holds them). */
  restore(conversations: Conversation[]): void {
    this.clear();
    this.changes = 0;
    for (const c of conversations) this.keep(c as ConversationDraft);
  }

  private keep(conversation: ConversationDraft): void {
    this.byId.set(conversation.id, conversation);
    this.entryIndex.delete(conversation.id);
    if (conversation.entries.length > INDEXED_FROM) this.index(conversation);
  }

  private index(conversation: Conversation): void {
    this.entryIndex.set(conversation.id, new Map(conversation.entries.map((e) => [e.identifier, e])));
  }

  private changed(conversation: Conversation): void {
    this.changes++;
    for (const watcher of this.watchers) watcher(conversation);
  }
}
