import { describe, expect, it } from 'vitest';
import { buildTranscript } from '../../client/transcript.ts';
import type { HistoryTurn } from '../../client/types.ts';

/** The console's page module (plain browser JS, no DOM needed), read back against what the client writes. */
const MODULE = '../../simulator/console/handoffTranscript.js';
const { parseHandoffTranscript } = (await import(MODULE)) as { parseHandoffTranscript: (text: string) => any };

const at = Date.UTC(2026, 10, 24, 7, 1);
const history: HistoryTurn[] = [
  { speaker: 'customer', text: 'Hello, where is my order?', at },
  { speaker: 'bot', text: 'I can see your order.\nIt left yesterday.', at: at + 60_000 },
  { speaker: 'customer', text: 'Can I change the delivery address?', at: at + 120_000 },
  { speaker: 'bot', text: 'Until the parcel ships, yes.', at: at + 180_000 },
];
const summary = 'Camille Martin asked about order 77 and then for a person.';
const turnsOf = (parts: any[]) => parts.flatMap((p) => p.turns.map((t: any) => [t.at, t.speaker, t.text]));

describe('the console reads the handoff transcript back as a summary and turns', () => {
  it('one message: the summary, then one turn per history entry, multi-line texts kept whole', () => {
    const [text] = buildTranscript({ summary, history }, { maxChars: 4000, overflow: 'split' });
    const parsed = parseHandoffTranscript(text!);
    expect(parsed.part).toBeNull();
    expect(parsed.summary).toBe(summary);
    expect(parsed.carried).toBe('');
    expect(turnsOf([parsed])).toEqual([
      ['2026-11-24 07:01 UTC', 'Customer', 'Hello, where is my order?'],
      ['2026-11-24 07:02 UTC', 'Bot', 'I can see your order.\nIt left yesterday.'],
      ['2026-11-24 07:03 UTC', 'Customer', 'Can I change the delivery address?'],
      ['2026-11-24 07:04 UTC', 'Bot', 'Until the parcel ships, yes.'],
    ]);
  });

  it('split over several messages: each part is numbered and together they hold every turn in order', () => {
    const texts = buildTranscript({ summary, history }, { maxChars: 200, overflow: 'split' });
    expect(texts.length).toBeGreaterThan(1);
    const parts = texts.map(parseHandoffTranscript);
    expect(parts.map((p) => p.part)).toEqual([null, ...texts.slice(1).map((_, i) => ({ n: i + 2, of: texts.length }))]);
    expect(parts[0].summary).toBe(summary);
    expect(turnsOf(parts).map(([, speaker, text]) => `${speaker}: ${text}`)).toEqual(history.map((t) => `${t.speaker === 'bot' ? 'Bot' : 'Customer'}: ${t.text}`));
  });

  it('truncated: the omitted marker is a note row, and an empty history says so', () => {
    const [cut] = buildTranscript({ summary, history }, { maxChars: 200, overflow: 'truncate' });
    expect(parseHandoffTranscript(cut!).turns[0]).toMatchObject({ speaker: '', text: expect.stringMatching(/earlier messages? omitted/) });
    const [none] = buildTranscript({ summary, history: [] }, { maxChars: 400, overflow: 'split' });
    expect(parseHandoffTranscript(none!)).toMatchObject({ summary, turns: [], noHistory: true });
  });

  it.each(['Merci !', 'AI summary', 'Conversation history:\n[x] Customer: hi'])('leaves any other message alone (%j)', (text) => {
    expect(parseHandoffTranscript(text)).toBeNull();
  });
});
