import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { notFound } from '../shared/errors.ts';
import { activeSession, closeConversation, endSession } from '../domain/conversations/sessions.ts';
import { repAccepts, repAcknowledges, repInvalidatesTokens, repSends, repShowsProgress, repStreamsTokens, repTransfers, repTyping } from '../domain/reps/repActions.ts';
import { RepAbstractMessage } from '../domain/conversations/messageSchema.ts';
import { parseInput } from '../shared/validation.ts';
import { isLowerCaseUuid } from '../shared/ids.ts';
import { queueName } from '../domain/routing/routingSchema.ts';
import { toRestEntry } from '../serialize/entries.ts';
import { streamNamedEvent } from '../events/conversationFeed.ts';
import type { Conversation, Entry } from '../store/types.ts';

/** The bodies and query these routes parse (the OpenAPI document is generated from them). */
export const Rep = z.object({ repName: z.string().min(1).max(80).optional().describe('Which rep acts; with reps configured it must name one (default: the rep the work was offered to)') });
const repText = z.string({ error: 'is required: what the rep says' }).min(1, 'must not be empty').max(32_000);
/** `{text}` (a Text message), or `{message}`: any abstractMessage a rep or bot sends, as Salesforce documents it. */
export const RepMessage = Rep.extend({
  text: repText.optional().describe('What the rep says (a StaticContentMessage of format Text); or send message instead'),
  message: RepAbstractMessage.optional().describe('An abstractMessage as Salesforce documents it: StaticContentMessage (Text, Attachments, ExternalAttachments, RichLink, WebView), ChoicesMessage (Buttons, QuickReplies, Carousel) or FormMessage (Inputs); ids are filled in when absent'),
}).superRefine((body, ctx) => {
  if (body.text === undefined && body.message === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'is required: what the rep says (or send message: an abstractMessage)' });
  if (body.text !== undefined && body.message !== undefined) ctx.addIssue({ code: 'custom', path: ['message'], message: 'send either text or message, not both' });
});
const uuidOf = (what: string) => z.string({ error: `must be ${what} (a lower-case UUID)` }).refine(isLowerCaseUuid, `must be ${what} (a lower-case UUID)`);
/** The body the end user's Acknowledge Entries takes (`id` optional here), plus which rep acknowledges. */
export const RepAcks = Rep.extend({
  acks: z
    .array(
      z.object({
        id: uuidOf('the acknowledgement entry id').optional(),
        entryType: z.enum(['Delivery', 'Read'], { error: 'must be Delivery or Read' }),
        conversationEntryId: z.string({ error: "is required: the identifier of the end user's entry acknowledged" }).min(1, 'must not be empty'),
      }),
      { error: 'is required: an array of {entryType, conversationEntryId}' },
    )
    .min(1, 'must contain at least one ack')
    .max(100),
});
/** A non-message event for the end user's stream: a progress indicator, streaming tokens, a streaming-token validation signal, or any named event. */
export const RepEvent = Rep.extend({
  event: z.discriminatedUnion(
    'type',
    [
      z.object({
        type: z.literal('progress'),
        text: z.string({ error: 'is required: the progress message shown' }).min(1, 'must not be empty').max(1000),
        indicatorType: z.string().min(1).max(80).default('ProgressUpdateIndicator').describe('ProgressUpdateIndicator unless told'),
      }),
      z.object({
        type: z.literal('streaming-tokens'),
        tokens: z.array(z.string({ error: 'must be a string' }).max(32_000), { error: 'is required: the tokens, in order' }).min(1, 'must contain at least one token').max(500),
        targetMessageId: uuidOf('the id the final message will have').optional().describe('Shared by every token (targetMessageIdentifier); a new UUID when absent'),
        firstSequenceNumber: z.number().int().min(0).default(1).describe('sequenceNumber of the first token (1 unless told); the next ones count up'),
      }),
      z.object({
        type: z.literal('streaming-token-validation'),
        targetMessageId: uuidOf('the targetMessageIdentifier of the streamed tokens to withdraw').describe('The streamed set the signal withdraws (its tokens\' targetMessageIdentifier)'),
        sequenceNumber: z.number({ error: 'must be an integer' }).int('must be an integer').min(0).default(1).describe('sequenceNumber of the signal (1 unless told)'),
      }),
      z.object({
        type: z.literal('custom'),
        name: z.string({ error: 'is required: the SSE event name' }).regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 letters, digits, _ . : or -'),
        data: z.unknown().refine((v) => v !== undefined, 'is required: any JSON value (sent as the data line)').describe('Any JSON value; the data line carries it stringified'),
      }),
    ],
    { error: 'must be an object whose type is progress, streaming-tokens, streaming-token-validation or custom' },
  ),
});

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

/**
 * Entries as REST shows them; each rep-side message also says when the end user's client
 * acknowledged it (`deliveredAt`, `readAt`: the first Delivery / Read ack, epoch ms, or null).
 */
export function withReceipts(entries: readonly Entry[]) {
  // One pass indexes the end user's first Delivery and first Read ack of each entry (linear: a
  // search per message made a long conversation quadratic).
  const delivered = new Map<string, number>();
  const read = new Map<string, number>();
  for (const e of entries) {
    if (e.sender.role !== 'EndUser' || (e.entryType !== 'DeliveryAcknowledgement' && e.entryType !== 'ReadAcknowledgement')) continue;
    const of = e.relatedRecords[0];
    if (of === undefined) continue;
    const index = e.entryType === 'DeliveryAcknowledgement' ? delivered : read;
    if (!index.has(of)) index.set(of, e.acknowledgedAt);
  }
  return entries.map((e) => {
    const rest = toRestEntry(e);
    if (e.entryType !== 'Message' || e.sender.role === 'EndUser') return rest;
    return { ...rest, deliveredAt: delivered.get(e.identifier) ?? null, readAt: read.get(e.identifier) ?? null };
  });
}

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
      entries: withReceipts(c.entries),
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
    const message = body.message ?? { content: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: body.text ?? '' } }, inReplyToMessageId: null };
    const entry = repSends(ctx, c, ctx.routing.identify(c, body.repName), message);
    res.status(201).json(toRestEntry(entry));
  });
  router.post('/conversations/:id/acknowledge-entries', (req, res) => {
    const c = load(req.params.id);
    const body = parseInput(RepAcks, req.body);
    const entries = repAcknowledges(ctx, c, ctx.routing.identify(c, body.repName), body.acks);
    res.status(201).json({ conversationEntries: entries.map(toRestEntry) });
  });
  router.post('/conversations/:id/events', (req, res) => {
    const c = load(req.params.id);
    const { event, repName } = parseInput(RepEvent, req.body);
    if (event.type === 'custom') {
      res.status(201).json({ id: streamNamedEvent(ctx, c, event.name, JSON.stringify(event.data)), event: event.name });
      return;
    }
    const rep = ctx.routing.identify(c, repName);
    const entries =
      event.type === 'progress' ? [repShowsProgress(ctx, c, rep, event)] : event.type === 'streaming-token-validation' ? [repInvalidatesTokens(ctx, c, rep, event)] : repStreamsTokens(ctx, c, rep, event).entries;
    res.status(201).json({ conversationEntries: entries.map(toRestEntry) });
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
