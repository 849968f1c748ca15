import type { z } from 'zod';
import type { SessionSpec } from './scenarioSchema.ts';

/** What a scenario's steps ask of its client, the built-in one or an external command. */
export interface ClientDriver {
  handoff(spec: z.output<typeof SessionSpec>): Promise<void>;
  /** The control API path of the conversation the client handed off, for the rep steps. */
  conversationPath(): Promise<string>;
  customerSays(text: string): Promise<void>;
  /** After the steps: wait for what the client still has to do. */
  finish(): Promise<void>;
  close(): void;
}
