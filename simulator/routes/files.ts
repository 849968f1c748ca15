// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { ATTACHMENT_NAME_MAX_CHARS, MIME_TYPE_MAX_CHARS, tooLong } from '../shared/attachmentLimits.ts';
import { badRequest } from '../shared/errors.ts';
import { newUuid } from '../shared/ids.ts';
import { sendEndUserMessage } from '../domain/conversations/endUserMessages.ts';
import { sessionOf } from '../http/requireAccessToken.ts';
import { parseInput } from '../shared/validation.ts';
import { loadConversation, requireDeploymentName, requireOpen } from './conversationAccess.ts';
import { esDeveloperName, lowerUuid, routingAttributes } from './schemas.ts';

/** The caption is capped as a text message is (`--message-max-chars`); the file id becomes the attachment's id. */
const FileMessageEntry = (maxChars: number) =>
  z.object({
    esDeveloperName,
    message: z.object({
      id: lowerUuid,
      fileId: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
      text: z.string().max(maxChars, `must be at most ${maxChars} characters`).optional(),
      inReplyToMessageId: z.string().optional(),
    }),
    isNewMessagingSession: z.boolean().optional(),
    routingAttributes: routingAttributes.optional(),
    language: z.string().optional(),
  });

/** (Mounted behind `requireAccessToken`, inside `entriesRouter`.) Send File: a multipart upload that becomes an attachment message. */
export function filesRouter(ctx: SimContext): Router {
  // messageEntry may come as a plain field or, from browser FormData with a typed Blob, as a file part.
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.options.fileMaxBytes, files: 2, fields: 5, fieldSize: ctx.options.jsonBodyLimitBytes },
  }).fields([
    { name: 'fileData', maxCount: 1 },
    { name: 'messageEntry', maxCount: 1 },
  ]);
  const fileMessageEntry = FileMessageEntry(ctx.options.messageMaxChars);
  return Router().post('/conversation/:conversationId/file', upload, sendFile);

  /** Send File: the "messageEntry" JSON part describes the message, the "fileData" part is the file. */
  function sendFile(req: Request, res: Response): void {
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
    const body = parseInput(fileMessageEntry, json);
    if (!file) throw badRequest('MISSING_FILE', 'The "fileData" file part is missing.');
    if (file.originalname.length > ATTACHMENT_NAME_MAX_CHARS) throw badRequest('INVALID_REQUEST', `Invalid request body: fileData.filename: ${tooLong(ATTACHMENT_NAME_MAX_CHARS, 'the file name')}`);
    if (file.mimetype.length > MIME_TYPE_MAX_CHARS) throw badRequest('INVALID_REQUEST', `Invalid request body: fileData.contentType: ${tooLong(MIME_TYPE_MAX_CHARS, 'the MIME type')}`);
    requireDeploymentName(caller, body.esDeveloperName);
    requireOpen(conversation);
    const attachment = { id: body.message.fileId ?? newUuid(), name: file.originalname, mimeType: file.mimetype, size: file.size };
    const entry = sendEndUserMessage(ctx.conversations, conversation, caller, {
      id: body.message.id,
      content: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', text: body.message.text ?? '', attachments: [attachment] } },
      inReplyToMessageId: body.message.inReplyToMessageId,
      isNewMessagingSession: body.isNewMessagingSession,
      routingAttributes: body.routingAttributes,
    });
    res.status(202).json({ conversationEntries: [{ id: entry.identifier, clientTimestamp: entry.clientTimestamp }] });
  }
}
