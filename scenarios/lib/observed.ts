import type { EmailCaseHandoff, Handoff, RepEvent, StepReport } from '../../client/index.ts';

/** The parts of the control API's answers a scenario looks at. */
export interface JournalLine {
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  fault?: string;
  /** The request as journaled (secrets redacted): acknowledge-entries bodies are read for the acks sent. */
  request?: { body?: unknown };
}
export interface RecordedConversation {
  status: string;
  routingAttributes: Record<string, string>;
  unmappedAttributes?: string[];
  sessions: Array<{ queue?: string }>;
  entries: Array<{ identifier: string; entryType: string; sender: { role: string }; relatedRecords?: string[]; entryPayload: { failureType?: string; abstractMessage?: RecordedMessage } }>;
}

/** The parts of a recorded message's abstractMessage the expectations read. */
export interface RecordedMessage {
  messageType?: string;
  inReplyToMessageId?: string | null;
  staticContent?: { text?: string; attachments?: Array<{ name?: string; mimeType?: string; size?: number }> };
  choices?: { optionItems?: Array<{ optionIdentifier: string; titleItem?: { title?: string } }> };
  choicesResponse?: { selectedOptions?: Array<{ optionIdentifier: string }> };
  formResponse?: { result?: unknown };
}

export interface RecordedCase {
  emails: Array<{ Incoming: boolean }>;
}

/** Everything a scenario run saw, for the expectations and the report. */
export interface Observed {
  outcome: 'completed' | 'failed' | 'not-run';
  error?: { class: string; status?: number; hint: string; message: string };
  steps: StepReport[];
  handoff?: Handoff;
  /** What an email handoff gave back (an Email Case instead of a conversation). */
  emailCase?: EmailCaseHandoff;
  /** The Email Cases the simulator holds, with their emails. */
  cases: RecordedCase[];
  sink: RepEvent[];
  recorded?: RecordedConversation;
  /** With `expect.conversations`: each conversation the client created, in order; where one could not be read, why (`eachMissing`). */
  each?: Array<RecordedConversation | undefined>;
  eachMissing?: string[];
  conversations: unknown[];
  journal: JournalLine[];
  problems: string[];
  /** An external client's run: its exit and the tail of what it printed (secrets scrubbed). */
  client?: ClientRun;
}
export interface ClientRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}
