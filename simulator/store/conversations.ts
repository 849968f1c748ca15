import type { Conversation, Entry } from './types.ts';

/** Conversations and their entries, as Salesforce records them. */
export class ConversationStore {
  private byId = new Map<string, Conversation>();

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
  }
  appendEntry(conversation: Conversation, entry: Entry): void {
    conversation.entries.push(entry);
  }
  findEntry(conversation: Conversation, identifier: string): Entry | undefined {
    return conversation.entries.find((e) => e.identifier === identifier);
  }
  get size(): number {
    return this.byId.size;
  }
  clear(): void {
    this.byId.clear();
  }
  snapshot(): Conversation[] {
    return structuredClone([...this.byId.values()]);
  }
  restore(conversations: Conversation[]): void {
    this.clear();
    for (const c of conversations) this.add(c);
  }
}
