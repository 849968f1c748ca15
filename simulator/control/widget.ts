import { Router } from 'express';
import { z } from 'zod';
import { HandoffError } from '../../client/index.ts';
import type { SimContext } from '../server/context.ts';
import { MiawApiError, notFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

export const WidgetHandoff = z
  .object({
    channel: z.enum(['web', 'whatsapp', 'sms', 'phone'], { error: 'must be web, whatsapp, sms or phone' }),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be a language code such as en or fr-CA').default('en'),
    customerName: z.string().trim().min(1).max(80).default('Web customer'),
    summary: z.string().max(4000).default(''),
    history: z
      .array(z.object({ speaker: z.enum(['customer', 'bot']), text: z.string().max(4000), at: z.number().int().positive().optional() }).strict())
      .max(100)
      .default([]),
  })
  .strict();
export const CustomerMessage = z.object({ text: z.string({ error: 'is required: what the customer writes' }).trim().min(1, 'must not be empty').max(4000) }).strict();

/**
 * The customer widget's back end: start a handoff with the real handoff client (202; it runs on,
 * and the live feed announces each step and rep event), read it, and let the customer write again.
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
  return router;
}
