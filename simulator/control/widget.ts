import { Router } from 'express';
import { z } from 'zod';
import { HandoffError } from '../../client/index.ts';
import type { SimContext } from '../server/context.ts';
import { MiawApiError, notFound } from '../shared/errors.ts';
import { ownRecord } from '../shared/ownValue.ts';
import { parseInput } from '../shared/validation.ts';

export const WidgetHandoff = z
  .object({
    channel: z.enum(['web', 'whatsapp', 'sms', 'phone', 'email'], { error: 'must be web, whatsapp, sms, phone or email' }),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be a language code such as en or fr-CA').default('en'),
    customerName: z.string().trim().min(1).max(80).default('Web customer'),
    customerEmail: z.string().trim().max(254).regex(/^[^\s@]{1,80}@[^\s@]{1,170}$/, 'must be an email address (name@example.com)').optional().describe('Where the rep answers: required for channel email'),
    summary: z.string().max(4000).default(''),
    history: z
      .array(z.object({ speaker: z.enum(['customer', 'bot']), text: z.string().max(4000), at: z.number().int().positive().optional() }).strict())
      .max(100)
      .default([]),
  })
  .strict()
  .refine((input) => input.channel !== 'email' || input.customerEmail !== undefined, { path: ['customerEmail'], message: 'is required for channel email: the rep answers the case by email' });
const entryId = z.string({ error: 'is required: the id of a rep message the widget received' }).min(1, 'must not be empty').max(100);
/** Rep messages the page has shown the customer (Read receipts). */
export const WidgetRead = z.object({ entryIds: z.array(entryId, { error: 'is required: the ids of the rep messages shown' }).min(1, 'must contain at least one id').max(100) }).strict();
/** The customer clicked an option of a ChoicesMessage. */
export const WidgetChoice = z.object({ entryId, optionIdentifier: z.string({ error: 'is required: the optionIdentifier of the option clicked' }).min(1, 'must not be empty').max(100) }).strict();
const answerValue = z.union([z.string().max(32_000), z.number(), z.boolean(), z.array(z.string().max(255)).max(100)], { error: 'must be a string, a number, true or false, or an array of option identifiers' });
/** The customer filled in a FormMessage: its answers keyed by input name (Salesforce checks them). */
export const WidgetForm = z.object({ entryId, values: ownRecord(answerValue, 'is required: the answers, an object keyed by input name').refine((v) => Object.keys(v).length <= 100, 'must hold at most 100 answers') }).strict();
export const CustomerMessage = z.object({ text: z.string({ error: 'is required: what the customer writes' }).trim().min(1, 'must not be empty').max(4000) }).strict();

/**
 * The customer widget's back end: start a handoff with the real handoff client (202; it runs on,
 * and the live feed announces each step and rep event), read it, and let the customer write again;
 * on web chat, also mark rep messages read and answer a choice or a form, all through the
 * handoff client (`control/widgetChat.ts`).
 */
export function widgetRouter(ctx: SimContext): Router {
  const router = Router();
  const load = (id: string) => {
    const found = ctx.widgets.get(id);
    if (!found) throw notFound('WIDGET_HANDOFF_NOT_FOUND', `No widget handoff ${id} (a reset or restart forgets them). Escalate again from /widget/.`);
    return found;
  };

  router.post('/widget/handoffs', (req, res) => {
    res.status(202).json(ctx.widgets.start(parseInput(WidgetHandoff, req.body)));
  });
  router.get('/widget/handoffs/:id', (req, res) => {
    res.json(load(req.params.id));
  });
  router.post('/widget/handoffs/:id/messages', async (req, res) => {
    const view = load(req.params.id);
    const { text } = parseInput(CustomerMessage, req.body);
    try {
      const sent = await ctx.widgets.customerSays(view.id, text);
      if (!sent) throw new MiawApiError(409, 'WIDGET_HANDOFF_NOT_LIVE', `Handoff ${view.id} has no conversation (status ${view.status}); escalate again.`);
      res.status(202).json(sent);
    } catch (err) {
      if (err instanceof HandoffError) throw new MiawApiError(502, 'WIDGET_SEND_FAILED', err.message);
      throw err;
    }
  });
  // Web chat only: the handoff client acknowledges what the page showed and sends the customer's answers.
  router.post('/widget/handoffs/:id/read', (req, res) => {
    load(req.params.id);
    const { entryIds } = parseInput(WidgetRead, req.body);
    res.json({ read: ctx.widgets.webChat(req.params.id).read(entryIds) });
  });
  router.post('/widget/handoffs/:id/choices', async (req, res) => {
    load(req.params.id);
    const { entryId: id, optionIdentifier } = parseInput(WidgetChoice, req.body);
    res.status(202).json(await ctx.widgets.webChat(req.params.id).choose(id, optionIdentifier));
  });
  router.post('/widget/handoffs/:id/forms', async (req, res) => {
    load(req.params.id);
    const { entryId: id, values } = parseInput(WidgetForm, req.body);
    res.status(202).json(await ctx.widgets.webChat(req.params.id).submitForm(id, values));
  });
  return router;
}
