import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { notFound } from '../shared/errors.ts';
import { activeSession, closeConversation, endSession } from '../domain/conversations/sessions.ts';
import { repAccepts, repSays, repTransfers, repTyping } from '../domain/reps/repActions.ts';
import { parseInput } from '../shared/validation.ts';
import { queueName } from '../domain/routing/routingSchema.ts';
import { toRestEntry } from '../serialize/entries.ts';
import type { Conversation } from '../store/types.ts';

/** The bodies and query these routes parse (the OpenAPI document is generated from them). */
export const Rep = z.object({ repName: z.string().min(1).max(80).optional().describe('Which rep acts; with reps configured it must name one (default: the rep the work was offered to)') });
export const RepMessage = Rep.extend({ text: z.string({ error: 'is required: what the rep says' }).min(1, 'must not be empty').max(32_000) });
export const RepTyping = Rep.extend({ isTyping: z.boolean({ error: 'is required: true (started) or false (stopped)' }) });
export const Transfer = z.object({ queue: queueName });
export const ConversationsQuery = z.object({ orgId: z.string({ error: 'must be one org id' }).optional().describe('Only this org\'s conversations (15 or 18 characters)') });

const summary = (c: Conversation) => ({
  conversationId: c.id,
  orgId: c.orgId,
  esDeveloperName: c.deployment,
  subject: c.subject,
  endUserDisplayName: c.endUserDisplayName,
  status: c.status,
  routingStatus: c.routingStatus,
  sessionStatus: c.sessions.at(-1)?.status ?? null,
  routingAttributes: c.sessions.at(-1)?.routingAttributes ?? {},
  /** Sent but not mapped to the flow by the deployment's parameter mapping: routing never saw them. */
  unmappedAttributes: c.sessions.at(-1)?.unmappedAttributes ?? [],
  queue: c.sessions.at(-1)?.queue ?? null,
  startTimestamp: c.startTimestamp,
  endTimestamp: c.endTimestamp,
  entryCount: c.entries.length,
});

/** Conversations as Salesforce recorded them, and the rep's side of each. */
export function conversationsControlRouter(ctx: SimContext): Router {
  const router = Router();
  const load = (id: string): Conversation => {
    const found = ctx.store.conversations.get(id);
    if (!found) throw notFound('CONVERSATION_NOT_FOUND', `No conversation ${id}. List them with GET /__sim/v1/conversations.`);
    return found;
  };

  router.get('/conversations', (req, res) => {
    const orgId = parseInput(ConversationsQuery, req.query, 'query').orgId?.slice(0, 15);
    res.json({ conversations: ctx.store.conversations.list({ orgId }).map(summary) });
  });

  router.get('/conversations/:id', (req, res) => {
    const c = load(req.params.id);
    res.json({
      ...summary(c),
      language: c.language ?? null,
      activeSessionId: activeSession(c)?.id ?? null,
      assignedRep: ctx.routing.state.holderOf(c.id)?.config.name ?? null,
      sessions: c.sessions,
      agents: c.agents,
      entries: c.entries.map(toRestEntry),
      journal: ctx.store.journal.list({ conversationId: c.id }),
    });
  });

  router.post('/conversations/:id/accept', (req, res) => {
    const c = load(req.params.id);
    repAccepts(ctx, c, ctx.routing.identify(c, parseInput(Rep, req.body ?? {}).repName));
    res.json(summary(c));
  });
  router.post('/conversations/:id/messages', (req, res) => {
    const c = load(req.params.id);
    const body = parseInput(RepMessage, req.body);
    const entry = repSays(ctx, c, ctx.routing.identify(c, body.repName), body.text);
    res.status(201).json(toRestEntry(entry));
  });
  router.post('/conversations/:id/typing', (req, res) => {
    const c = load(req.params.id);
    const body = parseInput(RepTyping, req.body);
    repTyping(ctx, c, ctx.routing.identify(c, body.repName), body.isTyping);
    res.status(204).end();
  });
  router.post('/conversations/:id/transfer', (req, res) => {
    const c = load(req.params.id);
    repTransfers(ctx, c, parseInput(Transfer, req.body).queue);
    res.json(summary(c));
  });
  router.post('/conversations/:id/end-session', (req, res) => {
    const c = load(req.params.id);
    endSession(ctx.conversations, c);
    res.json(summary(c));
  });
  router.post('/conversations/:id/close', (req, res) => {
    const c = load(req.params.id);
    closeConversation(ctx.conversations, c, false);
    res.json(summary(c));
  });

  return router;
}
