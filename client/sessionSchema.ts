import { z } from 'zod';
import { cutText } from './cutText.ts';
import { checkInput } from './checkInput.ts';
import { turnTime } from './turnTime.ts';
import type { HandoffSession } from './types.ts';

/** The offending value, short, for the few fields where it helps (never free text such as messages). */
const got = (input: unknown) => (typeof input === 'string' ? `, got ${JSON.stringify(cutText(input, 20))}` : input === undefined ? '' : `, got ${typeof input === 'object' ? (input === null ? 'null' : 'an object') : String(input)}`);

const HistoryTurnSchema = z.object(
  {
    speaker: z.enum(['customer', 'bot', 'agent', 'system'], { error: (issue) => `must be one of customer, bot, agent, system${got(issue.input)}` }),
    text: z.string({ error: 'must be a string: what was said' }),
    at: z.custom<number | string | Date>((value) => turnTime(value) !== undefined, { error: (issue) => `is not a valid time${got(issue.input)}: give epoch milliseconds, an ISO 8601 string or a Date` }),
  },
  { error: 'must be a turn: { speaker, text, at }' },
);

const ContactSchema = z.looseObject(
  {
    id: z.string({ error: 'must be a string when given: it becomes the identity token\'s sub' }).min(1, 'must not be empty when given: leave it out for an anonymous contact').optional(),
    name: z.string({ error: 'must be a string when given' }).optional(),
    email: z.string({ error: 'must be a string when given' }).optional(),
    phone: z.string({ error: 'must be a string when given' }).optional(),
    authenticated: z.boolean({ error: 'must be true or false: whether the bot platform verified who the customer is' }),
  },
  { error: 'must be an object: the customer, with at least authenticated (true or false)' },
);

/**
 * What a bot platform hands to `handoff()`, checked before anything is sent: the first problem
 * names its field (`session.history.2.speaker`). Fields it does not list are kept, for the routing
 * attribute mapping (`session.<name>`, `contact.<name>`).
 */
export const HandoffSessionSchema = z.looseObject(
  {
    sessionId: z.string({ error: 'must be a string: the bot platform\'s session id (routing attribute OpencxSessionId)' }).refine((id) => id.trim() !== '', 'must not be blank: it becomes the routing attribute OpencxSessionId'),
    channel: z.enum(['web', 'whatsapp', 'sms', 'phone', 'email'], { error: (issue) => `must be one of web, whatsapp, sms, phone, email${got(issue.input)}` }),
    language: z.string({ error: 'must be a string when given: a language code such as "fr"' }).optional(),
    priority: z.string({ error: 'must be a string when given' }).optional(),
    contact: ContactSchema,
    summary: z.string({ error: 'must be a string: the AI summary that opens the transcript (may be empty)' }),
    history: z.array(HistoryTurnSchema, { error: 'must be an array of turns ({ speaker, text, at }), empty when there were none' }),
    fields: z.record(z.string(), z.unknown(), { error: 'must be an object when given: more fields for the routing attribute mapping' }).optional(),
  },
  { error: 'must be an object: a HandoffSession' },
) satisfies z.ZodType<HandoffSession>;

/** The identity token's `sub` for a session: its contact's id, or `anonymous-<sessionId>` without one. */
export const handoffSubject = (contactId: string | undefined, sessionId: string): string => contactId ?? `anonymous-${sessionId}`;

/** Validate a session at the client's boundary; a HandoffConfigError names the first bad field. */
export function parseHandoffSession(input: unknown): HandoffSession {
  return checkInput(HandoffSessionSchema, input, {
    root: 'session',
    label: 'handoff session',
    hint: 'fix the session passed to handoff() (its fields are those of HandoffSession); nothing was sent to Salesforce',
  });
}
