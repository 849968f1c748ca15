import { Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { badRequest } from '../shared/errors.ts';
import { newUuid } from '../shared/ids.ts';
import { sendEndUserMessage } from '../domain/conversations/endUserMessages.ts';
import { endUserParticipant } from '../domain/conversations/participants.ts';
import { recordEntry } from '../domain/conversations/recordEntry.ts';
import { sessionOf } from '../http/requireAccessToken.ts';
import { parseInput } from '../shared/validate.ts';
import { toRestEntry } from '../serialize/entries.ts';
import { loadConversation, requireDeploymentName, requireOpen } from './conversationAccess.ts';
import { esDeveloperName, lowerUuid, queryInt, routingAttributes } from './schemas.ts';

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
        staticContent: z.object({ formatType: z.string(), text: z.string().max(maxChars, `must be at most ${maxChars} characters`).optional() }).passthrough().optional(),
        choicesResponse: z.object({ formatType: z.string() }).passthrough().optional(),
        formResponse: z.record(z.string(), z.unknown()).optional(),
        inReplyToMessageId: z.string().optional(),
      })
      .refine((m) => m.messageType !== 'StaticContentMessage' || m.staticContent, { message: 'staticContent is required for StaticContentMessage', path: ['staticContent'] }),
    esDeveloperName,
    isNewMessagingSession: z.boolean().optional(),
    routingAttributes: routingAttributes.optional(),
    language: z.string().optional(),
  });

const FileMessageEntry = z.object({
  esDeveloperName,
  message: z.object({ id: lowerUuid, fileId: z.string().optional(), text: z.string().optional(), inReplyToMessageId: z.string().optional() }),
  isNewMessagingSession: z.boolean().optional(),
  routingAttributes: routingAttributes.optional(),
  language: z.string().optional(),
});

const TypingEntry = z.object({
  entryType: z.enum(['TypingStartedIndicator', 'TypingStoppedIndicator'], { error: 'must be TypingStartedIndicator or TypingStoppedIndicator' }),
  id: lowerUuid.optional(),
});

const Acks = z.object({
  acks: z
    .array(z.object({ id: lowerUuid.optional(), entryType: z.enum(['Delivery', 'Read'], { error: 'must be Delivery or Read' }), conversationEntryId: z.string().min(1) }))
    .min(1, 'must contain at least one ack'),
});

/** (Mounted behind `requireAccessToken`.) Entries of a conversation: list, send message, send file, typing, acknowledgements. */
export function entriesRouter(ctx: SimContext): Router {
  const router = Router();
  // Built once: zod compiles a schema on its first parse, so a schema made per request costs that every time.
  const sendMessageBody = SendMessage(ctx.options.messageMaxChars);
  // messageEntry may come as a plain field or, from browser FormData with a typed Blob, as a file part.
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.options.fileMaxBytes, files: 2, fields: 5, fieldSize: ctx.options.jsonBodyLimitBytes },
  }).fields([
    { name: 'fileData', maxCount: 1 },
    { name: 'messageEntry', maxCount: 1 },
  ]);

  router.get('/conversation/:conversationId/entries', (req, res) => {
    const conversation = loadConversation(ctx, sessionOf(res), req.params.conversationId);
    const q = parseInput(EntriesQuery, req.query, 'query');
    const types = q.entryTypeFilter?.split(',').map((t) => t.trim()).filter(Boolean);
    let entries = conversation.entries.filter(
      (e) => (!types?.length || types.includes(e.entryType)) && (q.startTimestamp === undefined || e.transcriptedTimestamp >= q.startTimestamp) && (q.endTimestamp === undefined || e.transcriptedTimestamp <= q.endTimestamp),
    );
    const limit = Math.min(Math.max(q.limit ?? 20, 1), 50);
    entries = q.direction === 'FromStart' ? entries.slice(0, limit) : entries.slice(-limit).reverse();
    res.json({ conversationEntries: entries.map(toRestEntry) });
  });

  router.post('/conversation/:conversationId/message', (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    const body = parseInput(sendMessageBody, req.body);
    requireDeploymentName(caller, body.esDeveloperName);
    requireOpen(conversation);
    const { id, inReplyToMessageId, ...content } = body.message;
    const entry = sendEndUserMessage(ctx, conversation, caller, { id, content, inReplyToMessageId, isNewMessagingSession: body.isNewMessagingSession, routingAttributes: body.routingAttributes });
    res.status(202).json({ conversationEntries: [{ id: entry.identifier, clientTimestamp: entry.clientTimestamp }] });
  });

  router.post('/conversation/:conversationId/file', upload, (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    const parts = req.files as Record<string, Express.Multer.File[] | undefined> | undefined;
    const file = parts?.fileData?.[0];
    const raw = (req.body as Record<string, unknown> | undefined)?.messageEntry ?? parts?.messageEntry?.[0]?.buffer.toString('utf8');
    if (typeof raw !== 'string') throw badRequest('MISSING_MESSAGE_ENTRY', 'Send a multipart form with a "messageEntry" JSON part and a "fileData" file part.');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw badRequest('MALFORMED_JSON', 'The "messageEntry" part is not valid JSON.');
    }
    const body = parseInput(FileMessageEntry, json);
    if (!file) throw badRequest('MISSING_FILE', 'The "fileData" file part is missing.');
    requireDeploymentName(caller, body.esDeveloperName);
    requireOpen(conversation);
    const attachment = { id: body.message.fileId ?? newUuid(), name: file.originalname, mimeType: file.mimetype, size: file.size };
    const entry = sendEndUserMessage(ctx, conversation, caller, {
      id: body.message.id,
      content: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', text: body.message.text ?? '', attachments: [attachment] } },
      inReplyToMessageId: body.message.inReplyToMessageId,
      isNewMessagingSession: body.isNewMessagingSession,
      routingAttributes: body.routingAttributes,
    });
    res.status(202).json({ conversationEntries: [{ id: entry.identifier, clientTimestamp: entry.clientTimestamp }] });
  });

  router.post('/conversation/:conversationId/entry', (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    const body = parseInput(TypingEntry, req.body);
    requireOpen(conversation);
    recordEntry(ctx, conversation, {
      entryType: body.entryType,
      identifier: body.id,
      sender: endUserParticipant(caller.subject, caller.clientId),
      senderDisplayName: conversation.endUserDisplayName,
      persist: false,
    });
    res.status(202).json({});
  });

  router.post('/conversation/:conversationId/acknowledge-entries', (req, res) => {
    const caller = sessionOf(res);
    const conversation = loadConversation(ctx, caller, req.params.conversationId);
    const body = parseInput(Acks, req.body);
    const unknown = body.acks.find((a) => !ctx.store.conversations.findEntry(conversation, a.conversationEntryId));
    if (unknown) throw badRequest('UNKNOWN_ENTRY', `acks: conversationEntryId ${unknown.conversationEntryId} is not an entry of conversation ${conversation.id}.`);
    for (const ack of body.acks) {
      const entryType = ack.entryType === 'Delivery' ? 'DeliveryAcknowledgement' : 'ReadAcknowledgement';
      recordEntry(ctx, conversation, {
        entryType,
        identifier: ack.id,
        payload: { acknowledgementTimestamp: ctx.clock.now() },
        sender: endUserParticipant(caller.subject, caller.clientId),
        senderDisplayName: conversation.endUserDisplayName,
        relatedRecords: [ack.conversationEntryId],
        stream: false, // kept for the rep's side; not echoed to the end user's own stream
      });
    }
    res.status(202).json({});
  });

  return router;
}
