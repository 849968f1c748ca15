// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import type { Entry } from '../store/types.ts';
import { ATTACHMENT_NAME_MAX_CHARS, MIME_TYPE_MAX_CHARS, tooLong } from '../shared/attachmentLimits.ts';
import { badRequest } from '../shared/errors.ts';
import { staticContentLinks } from '../shared/httpUrl.ts';
import { newUuid } from '../shared/ids.ts';
import { endUserAcknowledges, endUserTyping, sendEndUserMessage } from '../domain/conversations/endUserMessages.ts';
import { sessionOf } from '../http/requireAccessToken.ts';
import { replyWith, type JsonReply } from '../http/jsonReply.ts';
import type { AccessSession } from '../auth/accessToken.ts';
import { ownRecord } from '../shared/ownValue.ts';
import { parseInput } from '../shared/validation.ts';
import { toRestEntry } from '../serialize/entries.ts';
import { loadConversation, requireDeploymentName, requireOpen } from './conversationAccess.ts';
import { filesRouter } from './files.ts';
import { esDeveloperName, lowerUuid, pageLimit, queryInt, routingAttributes } from './schemas.ts';

const EntriesQuery = z.object({
  limit: queryInt('limit'),
  startTimestamp: queryInt('startTimestamp'),
  endTimestamp: queryInt('endTimestamp'),
  direction: z.enum(['FromStart', 'FromEnd'], { error: 'must be FromStart or FromEnd' }).optional(),
  entryTypeFilter: z.string().optional(),
});

const SendMessage = (maxChars: number) =>
  z.object({
    message: z
      .object({
        id: lowerUuid,
        messageType: z.enum(['StaticContentMessage', 'ChoicesResponseMessage', 'FormResponseMessage'], { error: 'must be StaticContentMessage, ChoicesResponseMessage or FormResponseMessage' }),
        staticContent: z
          .object({
            formatType: z.string(),
            text: z.string().max(maxChars, `must be at most ${maxChars} characters`).optional(),
            // Kept as sent, but shaped as the state export reads them back (an id, a name and a type, capped: drawn on
            // every page and kept in every export), and every link http(s): what is stored must import again.
            attachments: z
              .array(
                z
                  .object({
                    id: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
                    name: z.string({ error: 'is required: the file name' }).max(ATTACHMENT_NAME_MAX_CHARS, tooLong(ATTACHMENT_NAME_MAX_CHARS, 'the file name')),
                    mimeType: z.string({ error: 'is required: the MIME type' }).max(MIME_TYPE_MAX_CHARS, tooLong(MIME_TYPE_MAX_CHARS, 'the MIME type')),
                    size: z.number({ error: 'must be a number' }).optional(),
                    url: staticContentLinks.url,
                  })
                  .passthrough()
                  .transform((a) => ({ ...a, id: a.id ?? newUuid() })),
                { error: 'must be an array of attachments' },
              )
              .max(10, 'must be at most 10 items')
              .optional(),
            ...staticContentLinks,
          })
          .passthrough()
          .optional(),
        choicesResponse: z
          .object({
            formatType: z.literal('Selections', { error: 'must be Selections' }),
            selectedOptions: z
              .array(z.object({ optionIdentifier: z.string({ error: 'is required: the optionIdentifier of an option offered' }).min(1, 'must not be empty') }).passthrough(), { error: 'is required: the options chosen (an array)' })
              .min(1, 'must contain at least one option')
              .max(100),
          })
          .passthrough()
          .optional(),
        // ownRecord keeps a "__proto__" field like any other (a zod object would drop it); formatType is checked on what it kept.
        formResponse: ownRecord(z.unknown())
          .refine((form) => form.formatType === 'Result', { message: 'must be Result', path: ['formatType'] })
          .optional(),
        inReplyToMessageId: z.string().optional(),
      })
      .refine((m) => m.messageType !== 'StaticContentMessage' || m.staticContent, { message: 'staticContent is required for StaticContentMessage', path: ['staticContent'] })
      .refine((m) => m.messageType !== 'ChoicesResponseMessage' || m.choicesResponse, { message: 'choicesResponse is required for ChoicesResponseMessage', path: ['choicesResponse'] })
      .refine((m) => m.messageType !== 'FormResponseMessage' || m.formResponse, { message: 'formResponse is required for FormResponseMessage', path: ['formResponse'] }),
    esDeveloperName,
    isNewMessagingSession: z.boolean().optional(),
    routingAttributes: routingAttributes.optional(),
    language: z.string().optional(),
  });

const TypingEntry = z.object({
  entryType: z.enum(['TypingStartedIndicator', 'TypingStoppedIndicator'], { error: 'must be TypingStartedIndicator or TypingStoppedIndicator' }),
  id: lowerUuid.optional(),
});

/** Acks one Acknowledge Entries request may carry (Salesforce documents none for it: a guess, the rep side's cap and the handoff client's batch). */
export const MAX_ACKS_PER_REQUEST = 100;

const Acks = z.object({
  acks: z
    .array(z.object({ id: lowerUuid.optional(), entryType: z.enum(['Delivery', 'Read'], { error: 'must be Delivery or Read' }), conversationEntryId: z.string().min(1) }))
    .min(1, 'must contain at least one ack')
    .max(MAX_ACKS_PER_REQUEST, `must be at most ${MAX_ACKS_PER_REQUEST} acks per request (send the rest in another)`),
});

/** (Mounted behind `requireAccessToken`.) Entries of a conversation: list, send message, send file (`files.ts`), typing, acknowledgements. */
export function entriesRouter(ctx: SimContext): Router {
  const ops = entryOperations(ctx);
  return Router()
    .get('/conversation/:conversationId/entries', (req: Request, res: Response) => replyWith(res, ops.listConversationEntries(sessionOf(res), req.params.conversationId, req.query)))
    .post('/conversation/:conversationId/message', (req: Request, res: Response) => replyWith(res, ops.sendMessage(sessionOf(res), req.params.conversationId, req.body)))
    .use(filesRouter(ctx)) // POST /conversation/:conversationId/file: sendFile
    .post('/conversation/:conversationId/entry', (req: Request, res: Response) => replyWith(res, ops.sendTypingIndicator(sessionOf(res), req.params.conversationId, req.body)))
    .post('/conversation/:conversationId/acknowledge-entries', (req: Request, res: Response) => replyWith(res, ops.acknowledgeEntries(sessionOf(res), req.params.conversationId, req.body)));
}

/** List entries, send message, typing indicator and acknowledgements, framework-free (the express router and the node:http lane, `hotRoutes.ts`, both serve them). */
export function entryOperations(ctx: SimContext) {
  // Built once: zod compiles a schema on its first parse, so a schema made per request costs that every time.
  const sendMessageBody = SendMessage(ctx.options.messageMaxChars);
  return { listConversationEntries, sendMessage, sendTypingIndicator, acknowledgeEntries };

  /** List Conversation Entries: newest first unless `direction=FromStart`. `query` is the parsed query string. */
  function listConversationEntries(caller: AccessSession, conversationId: unknown, query: unknown): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    const q = parseInput(EntriesQuery, query, 'query');
    const types = q.entryTypeFilter?.split(',').map((t) => t.trim()).filter(Boolean);
    const wanted = (e: Entry) => (!types?.length || types.includes(e.entryType)) && (q.startTimestamp === undefined || e.transcriptedTimestamp >= q.startTimestamp) && (q.endTimestamp === undefined || e.transcriptedTimestamp <= q.endTimestamp);
    const page = firstMatches(conversation.entries, wanted, pageLimit(q.limit), q.direction === 'FromStart');
    return { status: 200, body: { conversationEntries: page.map(toRestEntry) } };
  }

  /** Send Message: text, a choice or a form response from the end user. */
  function sendMessage(caller: AccessSession, conversationId: unknown, input: unknown): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    const body = parseInput(sendMessageBody, input);
    requireDeploymentName(caller, body.esDeveloperName);
    requireOpen(conversation);
    const { id, inReplyToMessageId, ...content } = body.message;
    const entry = sendEndUserMessage(ctx.conversations, conversation, caller, { id, content, inReplyToMessageId, isNewMessagingSession: body.isNewMessagingSession, routingAttributes: body.routingAttributes });
    return { status: 202, body: { conversationEntries: [{ id: entry.identifier, clientTimestamp: entry.clientTimestamp }] } };
  }

  /** Send Typing Indicator (an `entry` of type TypingStartedIndicator or TypingStoppedIndicator). */
  function sendTypingIndicator(caller: AccessSession, conversationId: unknown, input: unknown): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    const body = parseInput(TypingEntry, input);
    requireOpen(conversation);
    endUserTyping(ctx.conversations, conversation, caller, body.entryType, body.id);
    // 200, where message and file answer 202: a client written against a real org expects it (#15).
    return { status: 200, body: {} };
  }

  /** Acknowledge Entries: Delivery and Read receipts for entries of this conversation. */
  function acknowledgeEntries(caller: AccessSession, conversationId: unknown, input: unknown): JsonReply {
    const conversation = loadConversation(ctx, caller, conversationId);
    const body = parseInput(Acks, input);
    const unknown = body.acks.findIndex((a) => !ctx.store.conversations.findEntry(conversation, a.conversationEntryId));
    if (unknown >= 0) throw badRequest('UNKNOWN_ENTRY', `acks.${unknown}.conversationEntryId: ${body.acks[unknown]!.conversationEntryId} is not an entry of conversation ${conversation.id}.`);
    endUserAcknowledges(ctx.conversations, conversation, caller, body.acks);
    return { status: 202, body: {} };
  }
}

/**
 * The first `limit` entries `wanted` keeps, walking from the start (`fromStart`) or from the end: what
 * filtering them all and then slicing gives (`filter(wanted).slice(0, limit)`, or
 * `.slice(-limit).reverse()`), without visiting or copying a long conversation's every entry per page.
 */
export function firstMatches(entries: readonly Entry[], wanted: (entry: Entry) => boolean, limit: number, fromStart: boolean): Entry[] {
  const page: Entry[] = [];
  const step = fromStart ? 1 : -1;
  for (let i = fromStart ? 0 : entries.length - 1; i >= 0 && i < entries.length && page.length < limit; i += step) {
    if (wanted(entries[i]!)) page.push(entries[i]!);
  }
  return page;
}
