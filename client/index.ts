/** The handoff client: hand an AI conversation over to a Salesforce rep through MIAW. */
export { createHandoffClient, type Handoff, type HandoffClient, type HandoffClientDeps, type HandoffOptions } from './handoff.ts';
export { parseHandoffConfig, deriveMessagingUrl, type HandoffConfig, type HandoffConfigInput } from './config.ts';
export * from './errors.ts';
export type * from './types.ts';
export type { EmailCaseHandoff } from './emailCase/openEmailCase.ts';
export type { EmailCaseConfig, EmailCaseConfigInput } from './emailCase/emailCaseConfig.ts';
