/**
 * Reads the handoff client's opening message(s) back into parts a rep can scan: the AI summary,
 * then one turn per line of the bot conversation (the format of client/transcript.ts:
 * "AI summary:", the summary, "Conversation history:", "[2024-05-01 14:03 UTC] Customer: text",
 * continuation lines indented by two spaces; later parts start "(transcript continued, part 2 of 3)").
 * Returns null for any other text.
 */
const CONTINUED = /^\(transcript continued, part (\d+) of (\d+)\)$/;
const TURN = /^\[([^\]]+)\] (Customer|Bot|Agent|System): ?(.*)$/;
const OMITTED = /^\[… \d+ earlier messages? omitted …\]$/;

export function parseHandoffTranscript(text) {
  const lines = String(text).split('\n');
  const continued = CONTINUED.exec(lines[0]);
  if (!continued && lines[0] !== 'AI summary:') return null;
  const parsed = { part: continued ? { n: Number(continued[1]), of: Number(continued[2]) } : null, summary: [], carried: [], turns: [], noHistory: false };
  let mode = continued ? 'carried' : 'summary';
  for (const line of lines.slice(1)) {
    const turn = mode === 'summary' ? null : TURN.exec(line);
    const last = parsed.turns.at(-1);
    if (line === 'Conversation history:' || line === 'Conversation history: (none)') {
      mode = 'history';
      parsed.noHistory = line.endsWith('(none)');
    } else if (line === 'AI summary:') {
      mode = 'summary';
    } else if (turn) {
      mode = 'history';
      parsed.turns.push({ at: turn[1], speaker: turn[2], text: turn[3] });
    } else if (mode === 'history' && OMITTED.test(line)) {
      parsed.turns.push({ at: '', speaker: '', text: line });
    } else if (mode === 'history' && last && line.startsWith('  ')) {
      last.text += `\n${line.slice(2)}`;
    } else if (mode === 'summary') {
      parsed.summary.push(line);
    } else {
      parsed.carried.push(line); // a line cut at a part boundary
    }
  }
  return { ...parsed, summary: parsed.summary.join('\n').trim(), carried: parsed.carried.join('\n').trim() };
}
