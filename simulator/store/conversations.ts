import type { Conversation, Entry } from './types.ts';

/** Conversations and their entries, as Salesforce records them. */
export class ConversationStore {
  private byId = new Map<string, Conversation>();
  /** Entry identifiers per conversation, so duplicate checks and ack lookups stay O(1) in long conversations. */
  private entryIndex = new Map<string, Map<string, Entry>>();

  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }
  list(filter: { orgId?: string; subject?: string } = {}): Conversation[] {
    return [...this.byId.values()].filter(
      (c) => (!filter.orgId || c.orgId === filter.orgId) && (!filter.subject || c.subject === filter.subject),
    );
  }
  add(conversation: Conversation): void {
    this.byId.set(conversation.id, conversation);
    this.entryIndex.set(conversation.id, new Map(conversation.entries.map((e) => [e.identifier, e])));
  }
  appendEntry(conversation: Conversation, entry: Entry): void {
    conversation.entries.push(entry);
    this.entryIndex.get(conversation.id)?.set(entry.identifier, entry);
  }
  findEntry(conversation: Conversation, identifier: string): Entry | undefined {
    return this.entryIndex.get(conversation.id)?.get(identifier);
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
  restore(conversations: Conversation[]): void {
    this.clear();
    for (const c of conversations) this.add(c);
  }
}
