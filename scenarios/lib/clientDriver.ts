import type { CustomerFile, Handoff } from '../../client/index.ts';
import type { z } from 'zod';
import type { SessionSpec } from './scenarioSchema.ts';

/** A `customerAnswers` step's answer: an option (`handoff.answer`) or a form's values (`handoff.answerForm`). */
export type CustomerAnswer = { option: Parameters<Handoff['answer']>[0] } | { form: Parameters<Handoff['answerForm']>[0] };

/** What a scenario's steps ask of its client, the built-in one or an external command. */
export interface ClientDriver {
  handoff(spec: z.output<typeof SessionSpec>): Promise<void>;
  /** The control API path of the conversation the client handed off (or of its nth, from 1), for the rep steps. */
  conversationPath(nth?: number): Promise<string>;
  /** The customer writes on the latest conversation, or on the nth the client created (from 1). */
  customerSays(text: string, nth?: number): Promise<void>;
  /** The customer answers the open choice (`option`) or form (`form`) of the latest conversation or the nth (built-in client only). */
  customerAnswers(answer: CustomerAnswer, nth?: number): Promise<void>;
  /** The customer sends a file on the latest conversation or the nth (built-in client only). */
  customerSendsFile(file: CustomerFile, nth?: number): Promise<void>;
  /** The customer's channel reports every rep message so far as read (built-in client only). */
  customerReads(): Promise<void>;
  /** The client is disconnected: no new handoffs, live conversations carry on (built-in client only). */
  disconnect(): Promise<void>;
  /** After the steps: wait for what the client still has to do. */
  finish(): Promise<void>;
  close(): void;
}
