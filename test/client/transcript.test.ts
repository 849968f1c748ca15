import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTranscript } from '../../client/transcript.ts';
import type { HistoryTurn, Speaker } from '../../client/types.ts';

const AT = Date.UTC(2024, 4, 1, 14, 3); // 2024-05-01 14:03 UTC
const turn = (speaker: Speaker, text: string, minutes = 0): HistoryTurn => ({ speaker, text, at: AT + minutes * 60_000 });
const WHOLE = { maxChars: 1_000_000, overflow: 'split' } as const;
const MARKER = /^\(transcript continued, part (\d+) of (\d+)\)\n/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('buildTranscript: format', () => {
  it('puts the AI summary first, then one line per turn with time and speaker', () => {
    const history = [turn('customer', 'My order never came.'), turn('bot', 'Sorry! Let me check.', 1), turn('agent', 'Hi, Sam here.', 2), turn('system', 'Sam joined', 3)];
    expect(buildTranscript({ summary: 'Order 123 is late; customer wants a refund.', history }, WHOLE)).toEqual([
      [
        'AI summary:',
        'Order 123 is late; customer wants a refund.',
        '',
        'Conversation history:',
        '[2024-05-01 14:03 UTC] Customer: My order never came.',
        '[2024-05-01 14:04 UTC] Bot: Sorry! Let me check.',
        '[2024-05-01 14:05 UTC] Agent: Hi, Sam here.',
        '[2024-05-01 14:06 UTC] System: Sam joined',
      ].join('\n'),
    ]);
  });

  it.each([
    ['epoch ms', AT],
    ['ISO string with Z', '2024-05-01T14:03:59.999Z'],
    ['ISO string with an offset', '2024-05-01T16:03:00+02:00'],
    ['ISO string without an offset (read as UTC)', '2024-05-01T14:03'],
    ['Date', new Date(AT)],
  ])('reads the time of a turn given as %s', (_kind, at) => {
    const [text] = buildTranscript({ summary: 's', history: [{ speaker: 'customer', text: 'hi', at }] }, WHOLE);
    expect(text).toContain('\n[2024-05-01 14:03 UTC] Customer: hi');
  });

  it('shows times in the given time zone, named in each line', () => {
    const [text] = buildTranscript({ summary: 's', history: [turn('customer', 'hi')] }, { ...WHOLE, timeZone: 'Europe/Paris' });
    expect(text).toContain('[2024-05-01 16:03 Europe/Paris] Customer: hi');
    expect(() => buildTranscript({ summary: 's', history: [] }, { ...WHOLE, timeZone: 'Mars/Olympus' })).toThrow(/timeZone "Mars\/Olympus" is not a known IANA time zone/);
  });

  it.each([
    ['a word', 'yesterday'],
    ['an empty string', ''],
    ['NaN', Number.NaN],
    ['an invalid Date', new Date('nope')],
    ['null', null],
    ['an object', {}],
  ])('throws a TypeError naming the turn when its time is %s', (_kind, at) => {
    const history = [turn('customer', 'ok'), { speaker: 'bot', text: 'hm', at } as HistoryTurn];
    expect(() => buildTranscript({ summary: 's', history }, WHOLE)).toThrow(TypeError);
    expect(() => buildTranscript({ summary: 's', history }, WHOLE)).toThrow(/history\[1\]\.at is not a valid time/);
  });

  it('says so when there is no history, and never returns an empty message', () => {
    expect(buildTranscript({ summary: 'Just a question.', history: [] }, WHOLE)).toEqual(['AI summary:\nJust a question.\n\nConversation history: (none)']);
    expect(buildTranscript({ summary: '   ', history: [] }, { maxChars: 200, overflow: 'truncate' })).toEqual(['AI summary:\n(no summary given)\n\nConversation history: (none)']);
  });

  it('keeps the line breaks of a multi-line turn, indented so they never look like a new turn', () => {
    const [text] = buildTranscript({ summary: 's', history: [turn('customer', 'line one\r\nline two')] }, WHOLE);
    expect(text).toContain('Customer: line one\n  line two');
  });

  it.each([199, 0, -1, 250.5, Number.NaN])('refuses maxChars %s with a RangeError', (maxChars) => {
    expect(() => buildTranscript({ summary: 's', history: [] }, { maxChars, overflow: 'split' })).toThrow(RangeError);
  });

  it.each(['split', 'truncate'] as const)('%s: a transcript that fits is one message, unchanged', (overflow) => {
    const session = { summary: 'short', history: [turn('customer', 'hi'), turn('bot', 'hello', 1)] };
    expect(buildTranscript(session, { maxChars: 200, overflow })).toEqual(buildTranscript(session, WHOLE));
  });
});

const history40 = Array.from({ length: 40 }, (_, i) => turn(i % 2 ? 'bot' : 'customer', `message ${i} about the refund`, i));

describe('buildTranscript: split', () => {
  it('splits at line boundaries and marks each continued message with its part number', () => {
    const parts = buildTranscript({ summary: 'Refund request.', history: history40 }, { maxChars: 300, overflow: 'split' });
    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((part, i) => {
      expect(part.length).toBeLessThanOrEqual(300);
      if (i > 0) expect(part.startsWith(`(transcript continued, part ${i + 1} of ${parts.length})\n[2024-05-01 `)).toBe(true);
    });
    expect(parts[0]!.startsWith('AI summary:\nRefund request.\n\nConversation history:\n[2024-05-01 14:03 UTC] Customer: message 0')).toBe(true);
  });

  it('cuts a line longer than a message inside the line, losing nothing', () => {
    const long = 'word '.repeat(200).trim();
    const parts = buildTranscript({ summary: 's', history: [turn('customer', long)] }, { maxChars: 200, overflow: 'split' });
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.every((p) => p.length <= 200)).toBe(true);
    expect(parts.map((p) => p.replace(MARKER, '')).join('').replace(/\n/g, '')).toContain(`Customer: ${long}`);
  });
});

const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 150 }),
  fc.array(fc.constantFrom('refund', 'order #123', '🙂', 'a', 'x'.repeat(90), '\n'), { maxLength: 60 }).map((w) => w.join(' ')),
);
const turns = fc.array(
  fc.record({ speaker: fc.constantFrom<Speaker>('customer', 'bot', 'agent', 'system'), text, at: fc.integer({ min: 0, max: 4_102_444_800_000 }) }),
  { maxLength: 25 },
);
const maxChars = fc.integer({ min: 200, max: 700 });

describe('buildTranscript: properties', () => {
  it('split: every message fits, the first starts with the summary, the rest are numbered, and nothing is lost', () => {
    fc.assert(
      fc.property(text, turns, maxChars, (summary, history, max) => {
        const parts = buildTranscript({ summary, history }, { maxChars: max, overflow: 'split' });
        const [whole] = buildTranscript({ summary, history }, WHOLE);
        expect(parts[0]!.startsWith('AI summary:\n')).toBe(true);
        parts.forEach((part, i) => {
          expect(part.length).toBeLessThanOrEqual(max);
          expect(part.trim()).not.toBe('');
          expect(LONE_SURROGATE.test(part)).toBe(false);
          if (i > 0) expect(part.match(MARKER)?.slice(1)).toEqual([String(i + 1), String(parts.length)]);
        });
        const body = parts.map((p, i) => (i ? p.replace(MARKER, '') : p));
        expect(body.join('').replace(/\n/g, '')).toBe(whole!.replace(/\n/g, ''));
        // Every history line that fits in a message arrives whole, in one message.
        const lines = whole!.split('\nConversation history:\n')[1]?.split(/\n(?=\[)/) ?? [];
        for (const line of lines.filter((l) => l.length <= max - 50)) expect(body.some((p) => p.includes(line))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('truncate: one message that fits, starts with the summary, and keeps the newest lines after an exact "omitted" count', () => {
    fc.assert(
      fc.property(text, turns, maxChars, (summary, history, max) => {
        const result = buildTranscript({ summary, history }, { maxChars: max, overflow: 'truncate' });
        const [whole] = buildTranscript({ summary, history }, WHOLE);
        expect(result).toHaveLength(1);
        const [message] = result as [string];
        expect(message.length).toBeLessThanOrEqual(max);
        expect(message.startsWith('AI summary:\n')).toBe(true);
        expect(LONE_SURROGATE.test(message)).toBe(false);
        if (message === whole) return;
        const omitted = /\n\[… (\d+) earlier messages? omitted …\](\n|$)/.exec(message);
        if (!history.length) {
          expect(message).toMatch(/… \[summary truncated\]\n\nConversation history: \(none\)$/);
          return;
        }
        expect(omitted).not.toBeNull();
        const n = Number(omitted![1]);
        const kept = message.slice(omitted!.index + omitted![0].length);
        const wholeLines = whole!.split('\nConversation history:\n')[1]!;
        expect(wholeLines.endsWith(kept)).toBe(true);
        expect(kept === '' ? 0 : kept.split(/\n(?=\[)/).length).toBe(history.length - n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('buildTranscript: truncate', () => {
  it('drops the oldest lines first and says how many', () => {
    const [message] = buildTranscript({ summary: 'Refund request.', history: history40 }, { maxChars: 400, overflow: 'truncate' });
    expect(message).toMatch(/^AI summary:\nRefund request.\n\nConversation history:\n\[… (\d+) earlier messages omitted …\]\n/);
    expect(message!.endsWith('Bot: message 39 about the refund')).toBe(true);
    expect(message).not.toContain('message 0 about');
  });

  it('writes "1 earlier message" in the singular', () => {
    const history = [turn('customer', 'x'.repeat(150)), turn('bot', 'latest', 1)];
    expect(buildTranscript({ summary: 's', history }, { maxChars: 200, overflow: 'truncate' })[0]).toContain('[… 1 earlier message omitted …]\n[2024-05-01 14:04 UTC] Bot: latest');
  });

  it('cuts a summary too long for the message instead of dropping it', () => {
    const summary = 'The customer explained at length. '.repeat(40);
    for (const history of [[], history40]) {
      const [message] = buildTranscript({ summary, history }, { maxChars: 250, overflow: 'truncate' });
      expect(message!.length).toBeLessThanOrEqual(250);
      expect(message!.startsWith('AI summary:\nThe customer explained at length.')).toBe(true);
      expect(message).toContain('… [summary truncated]\n\nConversation history:');
    }
  });
});
