import type { ChannelSink, RepEvent } from '../client/index.ts';

/** One line for what the rep side did, as `miaw-sim handoff` prints it: `[rep Alex] Hi, I am Alex.` */
export function repEventLine(event: RepEvent): string {
  switch (event.type) {
    case 'message':
      return `[rep ${event.senderName}] ${event.text}`;
    case 'typing':
      return `[rep ${event.senderName} ${event.isTyping ? 'is typing…' : 'stopped typing'}]`;
    case 'participant':
      return `[${event.role === 'Agent' ? `rep ${event.name}` : `${event.name} (${event.role})`} ${event.operation}]`;
    case 'progress':
      return `[${event.senderName}: ${event.text}…]`;
    case 'message-partial':
      return `[rep ${event.senderName} is writing] ${event.text}`;
    case 'receipt':
      return `[${event.senderName} ${event.receipt === 'read' ? 'read' : 'received'} your message]`;
    case 'session-ended':
      return '[session ended]';
    case 'conversation-closed':
      return '[conversation closed]';
  }
}

/** The customer's "channel" in a terminal: each rep event as a line, or as one JSON object per line. */
export function printingSink(print: (line: string) => void, json: boolean): ChannelSink {
  return {
    deliver(event) {
      print(json ? JSON.stringify({ kind: 'event', ...event }) : repEventLine(event));
    },
  };
}
