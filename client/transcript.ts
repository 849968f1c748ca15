import { cutText } from './cutText.ts';
import { turnTime } from './turnTime.ts';
import { turnTimeFormat } from './turnTimeFormat.ts';
import type { HandoffSession, HistoryTurn, Speaker } from './types.ts';

export interface TranscriptOptions {
  /** Most characters (UTF-16 units, like `String.length`) one message may hold; at least 200. */
  maxChars: number;
  /** `split`: as many messages as needed. `truncate`: one message; the oldest history goes first. */
  overflow: 'split' | 'truncate';
  /** IANA time zone the turn times are shown in; `UTC` unless set. */
  timeZone?: string;
}

const MIN_MAX_CHARS = 200;
/** A split never leaves a shorter scrap than this at the end of a message: the line moves on whole. */
const MIN_PIECE = 40;
const SUMMARY_HEADING = 'AI summary:';
const HISTORY_HEADING = 'Conversation history:';
const NO_HISTORY = `${HISTORY_HEADING} (none)`;
const NO_SUMMARY = '(no summary given)';
const SUMMARY_CUT = '… [summary truncated]';
const LABELS: Record<Speaker, string> = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'System' };

const continued = (part: number, total: number) => `(transcript continued, part ${part} of ${total})`;
const omitted = (n: number) => `[… ${n} earlier message${n === 1 ? '' : 's'} omitted …]`;

/**
 * The opening message(s) of a handoff: the AI summary first, then one line per history turn
 * (`[2024-05-01 14:03 UTC] Customer: text`), each message at most `maxChars` long.
 * The summary is never dropped: `truncate` cuts it (with a marker) only when it cannot fit whole.
 */
export function buildTranscript(session: Pick<HandoffSession, 'summary' | 'history'>, options: TranscriptOptions): string[] {
  const { maxChars, overflow } = options;
  if (!Number.isInteger(maxChars) || maxChars < MIN_MAX_CHARS) {
    throw new RangeError(`[miaw-handoff] maxChars must be an integer of at least ${MIN_MAX_CHARS}, got ${maxChars}.`);
  }
  if (overflow !== 'split' && overflow !== 'truncate') {
    throw new RangeError(`[miaw-handoff] overflow must be "split" or "truncate", got ${JSON.stringify(overflow)}.`);
  }
  const summary = normalize(session.summary ?? '') || NO_SUMMARY;
  const format = turnTimeFormat(options.timeZone ?? 'UTC');
  const history = session.history.map((turn, index) => historyLine(turn, index, format));
  if (overflow === 'split') return split([...summaryBlock(summary), ...historyBlock(history)], maxChars);
  return [truncate(summary, history, maxChars)];
}

function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

function summaryBlock(summary: string): string[] {
  return [SUMMARY_HEADING, ...summary.split('\n'), ''];
}

function historyBlock(lines: string[]): string[] {
  return lines.length ? [HISTORY_HEADING, ...lines] : [NO_HISTORY];
}

/** One turn as one entry; a multi-line text keeps its breaks, indented so no line looks like a new turn. */
function historyLine(turn: HistoryTurn, index: number, format: (at: Date) => string): string {
  const label = Object.hasOwn(LABELS, turn.speaker) ? LABELS[turn.speaker] : undefined;
  if (!label) {
    throw new TypeError(`[miaw-handoff] history[${index}].speaker must be one of ${Object.keys(LABELS).join(', ')}, got ${JSON.stringify(turn.speaker)}.`);
  }
  const text = normalize(String(turn.text ?? '')).replace(/\n/g, '\n  ');
  return `[${format(toDate(turn.at, index))}] ${label}: ${text}`;
}

function toDate(at: unknown, index: number): Date {
  const date = turnTime(at);
  if (!date) {
    const shown = typeof at === 'string' ? JSON.stringify(cutText(at, 40)) : at instanceof Date ? 'Invalid Date' : String(at);
    throw new TypeError(`[miaw-handoff] history[${index}].at is not a valid time (${shown}): give epoch milliseconds, an ISO 8601 string or a Date.`);
  }
  return date;
}

/** Splits at line boundaries; every message after the first starts with a "continued" marker. */
function split(lines: string[], maxChars: number): string[] {
  // The marker's length depends on the number of parts: reserve room for it, repack if the count grows a digit.
  for (let assumed = 1; ; ) {
    const parts = pack(lines, maxChars, continued(assumed, assumed).length + 1);
    if (String(parts.length).length <= String(assumed).length) {
      return parts.map((part, i) => (i === 0 ? part : [continued(i + 1, parts.length), ...part]).join('\n'));
    }
    assumed = parts.length;
  }
}

function pack(lines: string[], maxChars: number, reserve: number): string[][] {
  const parts: string[][] = [[]];
  let used = 0;
  const current = () => parts[parts.length - 1]!;
  const room = () => (parts.length === 1 ? maxChars : maxChars - reserve) - used - (current().length ? 1 : 0);
  const add = (piece: string) => {
    used += (current().length ? 1 : 0) + piece.length;
    current().push(piece);
  };
  const nextPart = () => {
    parts.push([]);
    used = 0;
  };
  for (let rest of lines) {
    while (rest.length > room()) {
      if (current().length && (rest.length <= maxChars - reserve || room() < MIN_PIECE)) {
        nextPart();
        continue;
      }
      // Longer than a whole message: cut inside the line, after a space where one is near the end.
      const piece = cutAtSpace(rest, room());
      add(piece);
      rest = rest.slice(piece.length);
      nextPart();
    }
    add(rest);
  }
  return parts;
}

function cutAtSpace(text: string, room: number): string {
  const piece = cutText(text, room) || text.slice(0, 1);
  const space = piece.lastIndexOf(' ');
  return space > room / 2 ? piece.slice(0, space + 1) : piece;
}

/** One message: the summary, then the newest history lines that fit, after an "omitted" marker. */
function truncate(summary: string, history: string[], maxChars: number): string {
  const full = [...summaryBlock(summary), ...historyBlock(history)].join('\n');
  if (full.length <= maxChars) return full;
  const n = history.length;
  const head = [...summaryBlock(summary), HISTORY_HEADING].join('\n');
  if (n && head.length + 1 + omitted(n).length <= maxChars) {
    let kept = 0;
    let keptLength = 0;
    for (const line of history.slice().reverse()) {
      if (head.length + 1 + omitted(n - kept - 1).length + keptLength + 1 + line.length > maxChars) break;
      keptLength += 1 + line.length;
      kept += 1;
    }
    return [head, omitted(n - kept), ...history.slice(n - kept)].join('\n');
  }
  // The summary does not fit beside the history heading: cut it, never drop it.
  const tail = n ? [HISTORY_HEADING, omitted(n)] : [NO_HISTORY];
  const fixed = [SUMMARY_HEADING, '', '', ...tail].join('\n').length + SUMMARY_CUT.length;
  const cut = `${cutText(summary, maxChars - fixed).trimEnd()}${SUMMARY_CUT}`;
  return [SUMMARY_HEADING, cut, '', ...tail].join('\n');
}

/**
 * Whether a message is a part of a transcript `buildTranscript` made: the first part opens with the
 * summary heading, every later one with its "continued" marker. (A saved session tells the
 * transcript, which differs each run, from what the customer wrote afterwards.)
 */
export function isTranscriptText(text: string): boolean {
  return text.startsWith(`${SUMMARY_HEADING}\n`) || /^\(transcript continued, part \d+ of \d+\)\n/.test(text);
}
