import { z } from 'zod';
import { newRecordId, newUuid } from '../shared/ids.ts';
import { hiddenField } from '../store/seed.ts';
import type { Deployment, PreChatField } from '../store/types.ts';

/**
 * What a deployment declares, shared by the config file (`deployments[]`) and the control API
 * (`POST /__sim/v1/orgs/:orgId/deployments`), so both accept and refuse the same things.
 */

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be an API name: a letter, then letters, digits or underscores (max 80)');
/** A routing attribute (pre-chat parameter) name: standard ones start with an underscore (`_firstName`). */
const parameterName = z.string().regex(/^_?[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be a parameter name: an API name, standard ones with a leading underscore such as _firstName');
const messageText = z.string().min(1, 'must not be empty').max(32_000);
const WEEK_SECONDS = 7 * 24 * 3600;
const timedText = z
  .object({
    afterSeconds: z.number().int().positive().max(WEEK_SECONDS, 'must be at most a week (604800 s)').describe('Seconds the end user leaves the rep\'s first message after theirs unanswered (simulated clock)'),
    text: messageText,
  })
  .strict();

export const PreChatFieldInput = z
  .object({
    name: apiName,
    type: z.enum(['Text', 'Email', 'Number', 'Phone', 'Checkbox', 'ChoiceList']).optional().describe('Default Text'),
    label: z.string().min(1).max(255).optional().describe('What the form shows (default: the name)'),
    required: z.boolean().optional(),
    maxLength: z.number().int().positive().max(4000).optional().describe('Default 255; longer routing attribute values are refused'),
    hidden: z.boolean().optional().describe('A hidden field: not shown, its value set by the client (default false)'),
    choices: z.array(z.string().min(1).max(255)).min(1).max(100).optional().describe('A ChoiceList field\'s values, in order; the first is the default'),
  })
  .strict();

export const AutoResponsesInput = z
  .object({
    start: messageText.optional().describe('Sent when a messaging session starts'),
    repJoins: messageText.optional().describe('Sent when a rep joins'),
    inactivityWarning: timedText.optional().describe('Sent when the end user has been silent this long'),
    inactivityEnd: timedText
      .extend({
        endAfterSeconds: z
          .number()
          .int()
          .positive()
          .max(WEEK_SECONDS, 'must be at most a week (604800 s)')
          .optional()
          .describe('Seconds an Inactive session lasts before it ends (default 86400: Salesforce ends Inactive sessions after about 24 hours)'),
      })
      .strict()
      .optional()
      .describe('Sent when the end user has been silent this long; then the session goes Inactive (their next message routes it again) and ends endAfterSeconds later'),
    sessionEnd: messageText.optional().describe('Sent when a messaging session ends, whatever ended it'),
  })
  .strict()
  .refine((a) => !a.inactivityWarning || !a.inactivityEnd || a.inactivityWarning.afterSeconds < a.inactivityEnd.afterSeconds, {
    message: 'must come before inactivityEnd.afterSeconds',
    path: ['inactivityWarning', 'afterSeconds'],
  });

/** The settings a deployment may declare beside its name (and, in the config file, its org). */
export const deploymentSettingsShape = {
  keyset: apiName.optional().describe('Keyset (same org) used for user verification'),
  allowGuests: z.boolean().optional(),
  allowTranscriptDownload: z.boolean().optional(),
  hiddenPreChatFields: z.array(apiName).optional().describe('Hidden Text fields (shorthand for preChatFields with hidden: true)'),
  preChatFields: z.array(PreChatFieldInput).max(100).optional().describe('Pre-chat fields, visible and hidden, in form order'),
  preChatDisplayContext: z.enum(['Conversation', 'Session']).optional().describe('Show the form once per conversation (default) or at every new session'),
  autoResponses: AutoResponsesInput.optional(),
  parameterMapping: z
    .array(parameterName)
    .max(200)
    .optional()
    .describe('Routing attributes mapped to the Omni-Channel flow: only these reach routing rules. Left out: every attribute routes'),
};

type Settings = z.infer<z.ZodObject<typeof deploymentSettingsShape>>;

/** Cross-field checks: field names unique, choices exactly on ChoiceList fields. */
export function checkDeploymentSettings(settings: Settings, ctx: z.RefinementCtx): void {
  const names = [...(settings.preChatFields ?? []).map((f) => f.name), ...(settings.hiddenPreChatFields ?? [])];
  const fieldsCount = settings.preChatFields?.length ?? 0;
  names.forEach((name, i) => {
    if (names.indexOf(name) === i) return;
    const path = i < fieldsCount ? ['preChatFields', i, 'name'] : ['hiddenPreChatFields', i - fieldsCount];
    ctx.addIssue({ code: 'custom', path, message: `pre-chat field "${name}" is declared twice` });
  });
  (settings.preChatFields ?? []).forEach((field, i) => {
    if (field.type === 'ChoiceList' && !field.choices) ctx.addIssue({ code: 'custom', path: ['preChatFields', i, 'choices'], message: 'is required for a ChoiceList field' });
    if (field.type !== 'ChoiceList' && field.choices) ctx.addIssue({ code: 'custom', path: ['preChatFields', i, 'choices'], message: 'only a ChoiceList field has choices' });
  });
}

function preChatField(input: z.infer<typeof PreChatFieldInput>, order: number): PreChatField {
  return {
    name: input.name,
    type: input.type ?? 'Text',
    required: input.required ?? false,
    maxLength: input.maxLength ?? 255,
    isHidden: input.hidden ?? false,
    order,
    ...(input.label ? { label: input.label } : {}),
    ...(input.choices
      ? { choiceList: { id: newRecordId('0Cl'), values: input.choices.map((name, i) => ({ id: newRecordId('0Cv'), name, isDefault: i === 0 })) } }
      : {}),
  };
}

/** The deployment record for checked settings (a new channel address each time). */
export function buildDeployment(orgId: string, name: string, settings: Settings): Deployment {
  const declared = (settings.preChatFields ?? []).map((f, i) => preChatField(f, i + 1));
  const hidden = (settings.hiddenPreChatFields ?? []).map((field, i) => hiddenField(field, declared.length + i + 1));
  return {
    name,
    orgId,
    channelAddressIdentifier: newUuid(),
    ...(settings.keyset ? { keyset: settings.keyset } : {}),
    allowGuests: settings.allowGuests ?? true,
    allowTranscriptDownload: settings.allowTranscriptDownload ?? true,
    preChatFields: [...declared, ...hidden],
    ...(settings.preChatDisplayContext ? { preChatDisplayContext: settings.preChatDisplayContext } : {}),
    ...(settings.autoResponses ? { autoResponses: settings.autoResponses } : {}),
    ...(settings.parameterMapping ? { parameterMapping: [...new Set(settings.parameterMapping)] } : {}),
  };
}
