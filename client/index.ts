/** The handoff client: hand an AI conversation over to a Salesforce rep through MIAW. */
export { createHandoffClient, type Handoff, type HandoffResult, type HandoffClient, type HandoffClientDeps, type HandoffOptions } from './handoff.ts';
export { parseHandoffConfig, deriveMessagingUrl, type HandoffConfig, type HandoffConfigInput } from './config.ts';
export * from './errors.ts';
export type * from './types.ts';
export * from './settings/index.ts';
export type { MessageContent, AttachmentItem, ChoiceOption, ChoicesFormat } from './content/messageContent.ts';
export type { FormInput, FormInputType } from './content/formInputs.ts';
export type { RenderedMessage, RenderedFormat, RenderedOption, MessagingChannel } from './render/rendered.ts';
export type { RenderConfig, RenderConfigInput } from './render/renderConfig.ts';
export type { CustomerActions, CustomerMessageResult } from './customerActions.ts';
export type { CustomerFile, CustomerFileResult } from './customerFile.ts';
export { toMessageContent } from './content/messageContent.ts';
export { rendererFor, type Renderer } from './render/channelRenderers.ts';
export type { EmailCaseHandoff } from './emailCase/openEmailCase.ts';
export type { EmailCaseConfig, EmailCaseConfigInput } from './emailCase/emailCaseConfig.ts';
