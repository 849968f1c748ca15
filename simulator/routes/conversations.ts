import { Router } from 'express';
import { z } from 'zod';
import { endUserName } from '../auth/endUserName.ts';
import type { SimContext } from '../server/context.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import { checkRoutingAttributes } from '../domain/conversations/routingAttributes.ts';
import { closeConversation, endSession, startSession } from '../domain/conversations/sessions.ts';
import { sessionOf } from '../http/requireAccessToken.ts';
import { parseInput } from '../shared/validate.ts';
import { renderTranscriptPdf } from '../serialize/transcriptPdf.ts';
import type { Conversation } from '../store/types.ts';
import { loadConversation, requireDeploymentName, requireOpen, requireUuid } from './conversationAccess.ts';
import { esDeveloperName, queryBool, queryInt, routingAttributes } from './schemas.ts';

const CreateConversation = z.object({
  conversationId: z.string({ error: 'is required: a client-generated lower-case UUID' }),
  esDeveloperName,
  routingAttributes: routingAttributes.optional(),
  language: z.string().optional(),
});

const ListQuery = z.object({
  inclClosedConvs: queryBool,
  limit: queryInt('limit'),
  conversationId: z.string().optional(),
  startTimestamp: queryInt('startTimestamp'),
  endTimestamp: queryInt('endTimestamp'),
});

/** (Mounted behind `requireAccessToken`.) Conversation lifecycle: create, list, routing status, close, end session, transcript. */
export function conversationsRouter(ctx: SimContext): Router {
  const router = Router();

  router.post('/conversation', (req, res) => {
    const caller = sessionOf(res);
    const body = parseInput(CreateConversation, req.body);
    const id = requireUuid(body.conversationId);
    requireDeploymentName(caller, body.esDeveloperName);
    const existing = ctx.store.conversations.get(id);
    if (existing) {
      if (existing.subject !== caller.subject) {
        throw forbidden('CONVERSATION_ID_TAKEN', `conversationId ${id} belongs to another end user. Generate a new UUID for each conversation.`);
      }
      requireOpen(existing);
      res.status(201).json({ conversationId: id });
      return;
    }
    const deployment = ctx.store.directory.getDeployment(caller.orgId, caller.deployment);
    if (!deployment) throw notFound('DEPLOYMENT_NOT_FOUND', `Deployment "${caller.deployment}" no longer exists.`);
    const attributes = checkRoutingAttributes(deployment, body.routingAttributes ?? {});
    const now = ctx.clock.now();
    const conversation: Conversation = {
      id,
      orgId: caller.orgId,
      deployment: caller.deployment,
      subject: caller.subject,
      endUserDisplayName: endUserName(attributes, caller.displayName),
      status: 'OPEN',
      routingStatus: 'INITIAL',
      startTimestamp: now,
      endTimestamp: 0,
      language: body.language,
      sessions: [],
      agents: [],
      entries: [],
    };
    ctx.store.conversations.add(conversation);
    startSession(ctx, conversation, attributes);
    res.status(201).json({ conversationId: id });
  });

  router.get('/conversation/list', (req, res) => {
    const caller = sessionOf(res);
    const q = parseInput(ListQuery, req.query, 'query');
    const limit = Math.min(Math.max(q.limit ?? 20, 1), 50);
    const mine = ctx.store.conversations
      .list({ subject: caller.subject, orgId: caller.orgId })
      .filter((c) => (!q.conversationId || c.id === q.conversationId) && (q.startTimestamp === undefined || c.startTimestamp >= q.startTimestamp) && (q.endTimestamp === undefined || c.startTimestamp <= q.endTimestamp))
      .sort((a, b) => a.startTimestamp - b.startTimestamp);
    const open = mine.filter((c) => c.status === 'OPEN');
    const closed = mine.filter((c) => c.status === 'CLOSED');
    const shown = (q.inclClosedConvs ? mine : open).slice(0, limit);
    res.json({
      openConversationsFound: open.length,
      closedConversationsFound: q.inclClosedConvs ? closed.length : 0,
      conversations: shown.map((c) => ({ conversationId: c.id, startTimestamp: c.startTimestamp, endTimestamp: c.endTimestamp })),
    });
  });

  router.get('/conversation/:conversationId', (req, res) => {
    const conversation = loadConversation(ctx, sessionOf(res), req.params.conversationId);
    res.json({ conversationId: conversation.id, routingStatus: conversation.routingStatus });
  });

  router.delete('/conversation/:conversationId', (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    requireDeploymentName(caller, req.query.esDeveloperName);
    closeConversation(ctx, conversation, true);
    res.status(204).end();
  });

  router.delete('/conversation/:conversationId/session', (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    requireDeploymentName(caller, req.query.esDeveloperName);
    requireOpen(conversation);
    endSession(ctx, conversation);
    res.status(204).end();
  });

  router.get('/conversation/:conversationId/transcript', (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    requireDeploymentName(caller, req.query.esDeveloperName);
    const deployment = ctx.store.directory.getDeployment(caller.orgId, caller.deployment);
    if (!deployment?.allowTranscriptDownload) {
      throw forbidden('TRANSCRIPT_DOWNLOAD_DISABLED', `Transcript download is turned off for deployment "${caller.deployment}".`);
    }
    res.type('application/pdf').send(renderTranscriptPdf(conversation, conversation.entries.slice(-200)));
  });

  return router;
}
