import type { Conversation, Entry } from '../store/types.ts';

const LINES_PER_PAGE = 50;
const WRAP_AT = 90;

/**
 * A plain PDF transcript (Helvetica, A4, text only) of the given entries, like the one Salesforce
 * generates for `GET .../transcript`. Hand-written because the format needs only a few objects and
 * a PDF library would be the simulator's largest dependency for a rarely used endpoint.
 */
export function renderTranscriptPdf(conversation: Conversation, entries: Entry[]): Buffer {
  const lines = [`Transcript of conversation ${conversation.id}`, ''];
  for (const entry of entries) {
    const text = describe(entry);
    if (!text) continue;
    const head = `${new Date(entry.transcriptedTimestamp).toISOString()}  ${entry.senderDisplayName}: `;
    lines.push(...wrap(head + text));
  }
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PAGE) pages.push(lines.slice(i, i + LINES_PER_PAGE));
  return buildPdf(pages);
}

function describe(entry: Entry): string | undefined {
  switch (entry.entryType) {
    case 'Message': {
      const content = entry.message.staticContent;
      return content?.text ?? `[${content?.formatType ?? 'message'}]`;
    }
    case 'ParticipantChanged': {
      const change = entry.changes[0];
      return change ? `${change.displayName || 'participant'} ${change.operation === 'add' ? 'joined' : 'left'}` : undefined;
    }
    case 'SessionStatusChanged':
      return 'session ended';
    default:
      return undefined;
  }
}

function wrap(line: string): string[] {
  const out: string[] = [];
  for (let rest = line; rest.length > 0; rest = rest.slice(WRAP_AT)) out.push(rest.slice(0, WRAP_AT));
  return out.length ? out : [''];
}

const pdfText = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);

function buildPdf(pages: string[][]): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1: catalog, 2: pages, 3: font; page i -> objects 4+2i (page) and 5+2i (content)
  pages.forEach((lines, i) => {
    const pageId = 4 + 2 * i;
    pageIds.push(pageId);
    const stream = ['BT', '/F1 10 Tf', '14 TL', '40 800 Td', ...lines.map((l) => `(${pdfText(l)}) '`), 'ET'].join('\n');
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`;
  });
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body);
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
