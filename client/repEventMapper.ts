import type { Renderer } from './render/channelRenderers.ts';
import { KNOWN_EVENTS, toRepEvents, type MappedEntry } from './repEvents.ts';
import { TokenAssembler } from './tokenAssembly.ts';

export type EventMapper = (event: string, data: string) => MappedEntry | undefined;

/** At most this many unknown event names are remembered as logged (each is logged once). */
const MAX_LOGGED_NAMES = 100;

/**
 * The mapping a conversation's stream uses: messages rendered for its channel; streamed tokens
 * assembled into `message-partial` events when the sink wants them (else dropped: the finished
 * reply comes as a message anyway); unknown event names ignored and logged once each.
 */
export function createEventMapper(options: { conversationId: string; render: Renderer; partials: boolean; log?: (line: string) => void }): EventMapper {
  const assembler = options.partials ? new TokenAssembler(options.conversationId) : undefined;
  const logged = new Set<string>();
  return (event, data) => {
    if (!KNOWN_EVENTS.has(event)) {
      if (!logged.has(event) && logged.size < MAX_LOGGED_NAMES) {
        logged.add(event);
        options.log?.(`[miaw-handoff] Ignoring event type ${JSON.stringify(event.slice(0, 100))}: this client does not know it (logged once).`);
      }
      return undefined;
    }
    const mapped = toRepEvents(event, data, options.conversationId, options.render);
    if (!mapped || !assembler) return mapped;
    if (mapped.token) {
      const partial = assembler.add(mapped.token);
      if (partial) mapped.events.push(partial);
    }
    for (const e of mapped.events) if (e.type === 'message') assembler.finish(e.entryId);
    return mapped;
  };
}
