// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import { createConversation as domainCreateConversation } from '../domain/conversations/createConversation.ts';
import { closeConversation as domainCloseConversation, endSession } from '../domain/conversations/sessions.ts';
import { sessionOf } from '../http/requireAccessToken.ts';
import { NO_CONTENT, replyWith, type JsonReply } from '../http/jsonReply.ts';
import type { AccessSession } from '../auth/accessToken.ts';
import { parseInput } from '../shared/validation.ts';
import { renderTranscriptPdf } from '../serialize/transcriptPdf.ts';
import { toConversationList } from '../serialize/conversationList.ts';
import { loadConversation, requireDeploymentName, requireOpen, requireUuid } from './conversationAccess.ts';
import { esDeveloperName, pageLimit, queryBool, queryInt, routingAttributes, type QueryOf } from './schemas.ts';

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
  const ops = conversationOperations(ctx);
  return Router()
    .post('/conversation', (req: Request, res: Response) => replyWith(res, ops.createConversation(sessionOf(res), req.body)))
    .get('/conversation/list', (req: Request, res: Response) => replyWith(res, ops.listConversations(sessionOf(res), req.query)))
    .get('/conversation/:conversationId', (req: Request, res: Response) => replyWith(res, ops.retrieveRoutingStatus(sessionOf(res), req.params.conversationId)))
    .delete('/conversation/:conversationId', (req: Request, res: Response) => replyWith(res, ops.closeConversation(sessionOf(res), req.params.conversationId, req.query)))
    .delete('/conversation/:conversationId/session', (req: Request, res: Response) => replyWith(res, ops.endMessagingSession(sessionOf(res), req.params.conversationId, req.query)))
    .get('/conversation/:conversationId/transcript', retrieveTranscript);

  /** Retrieve Conversation Transcript: a PDF of the last 200 entries. */
  function retrieveTranscript(req: Request, res: Response): void {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    requireDeploymentName(caller, req.query.esDeveloperName);
    const deployment = ctx.store.directory.getDeployment(caller.orgId, caller.deployment);
    if (!deployment?.allowTranscriptDownload) {
      throw forbidden('TRANSCRIPT_DOWNLOAD_DISABLED', `Transcript download is turned off for deployment "${caller.deployment}".`);
    }
    res.type('application/pdf').send(renderTranscriptPdf(conversation, conversation.entries.slice(-200)));
  }
}

/**
 * The conversation operations but the transcript (a PDF), framework-free: the express router and the
 * node:http lane (`hotRoutes.ts`) both serve them. `query` is the parsed query string (`req.query`).
 */
export function conversationOperations(ctx: SimContext) {
  return { createConversation, listConversations, retrieveRoutingStatus, closeConversation, endMessagingSession };

  /** Create Conversation: idempotent for the same end user while the conversation is open. */
  function createConversation(caller: AccessSession, input: unknown): JsonReply {
    const body = parseInput(CreateConversation, input);
    const id = requireUuid(body.conversationId);
    requireDeploymentName(caller, body.esDeveloperName);
    const existing = ctx.store.conversations.get(id);
    if (existing) {
      if (existing.subject !== caller.subject) {
        throw forbidden('CONVERSATION_ID_TAKEN', `conversationId ${id} belongs to another end user. Generate a new UUID for each conversation.`);
      }
      requireOpen(existing);
      return { status: 201, body: { conversationId: id } };
    }
    const deployment = ctx.store.directory.getDeployment(caller.orgId, caller.deployment);
    if (!deployment) throw notFound('DEPLOYMENT_NOT_FOUND', `Deployment "${caller.deployment}" no longer exists.`);
    domainCreateConversation(ctx.conversations, { id, deployment, endUser: caller, routingAttributes: body.routingAttributes, language: body.language });
    return { status: 201, body: { conversationId: id } };
  }

  /** List Conversations of the caller, oldest first. */
  function listConversations(caller: AccessSession, query: unknown): JsonReply {
    const q = parseInput(ListQuery, query, 'query');
    const limit = pageLimit(q.limit);
    const mine = ctx.store.conversations
      .list({ subject: caller.subject, orgId: caller.orgId })
      .filter((c) => (!q.conversationId || c.id === q.conversationId) && (q.startTimestamp === undefined || c.startTimestamp >= q.startTimestamp) && (q.endTimestamp === undefined || c.startTimestamp <= q.endTimestamp))
      .sort((a, b) => a.startTimestamp - b.startTimestamp);
    return { status: 200, body: toConversationList(mine, { includeClosed: q.inclClosedConvs ?? false, limit }) };
  }

  /** Retrieve Conversation Routing Status. */
  function retrieveRoutingStatus(caller: AccessSession, conversationId: unknown): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    return { status: 200, body: { conversationId: conversation.id, routingStatus: conversation.routingStatus } };
  }

  /** Close Conversation. */
  function closeConversation(caller: AccessSession, conversationId: unknown, query: QueryOf<'esDeveloperName'>): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    requireDeploymentName(caller, query.esDeveloperName);
    domainCloseConversation(ctx.conversations, conversation, true);
    return NO_CONTENT;
  }

  /** End Messaging Session: the conversation stays open for a later session. */
  function endMessagingSession(caller: AccessSession, conversationId: unknown, query: QueryOf<'esDeveloperName'>): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    requireDeploymentName(caller, query.esDeveloperName);
    requireOpen(conversation);
    endSession(ctx.conversations, conversation);
    return NO_CONTENT;
  }
}
