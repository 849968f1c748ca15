import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkInput } from './checkInput.ts';

/** What Salesforce Files keeps of a name (ContentVersion `Title`) and the longest MIME type (RFC 6838 §4.2): what MIAW takes. */
const NAME_MAX_CHARS = 255;
const MIME_TYPE_MAX_CHARS = 255;

/** A file the customer sends on the conversation (MIAW "Send File"). */
export interface CustomerFile {
  /** The file name the rep sees (at most 255 characters). */
  name: string;
  /** Its MIME type, e.g. `image/png` (at most 255 characters). */
  mimeType: string;
  /** The bytes: not empty, at most the configuration's `fileMaxBytes` (default 5 MiB). */
  data: Uint8Array | ArrayBuffer;
  /** A caption sent with the file. */
  text?: string;
}

/** What a file sent led to: as for a message, plus the ids it was sent under (fixed across retries). */
export interface CustomerFileResult {
  newSession: boolean;
  /** The message's id (`message.id`): a retried upload reuses it, so the file is recorded once. */
  messageId: string;
  /** The attachment's id (`message.fileId`). */
  fileId: string;
}

/** A checked file with the ids it is sent under, ready to become the multipart body of every attempt. */
export interface OutgoingFile {
  messageId: string;
  fileId: string;
  name: string;
  mimeType: string;
  bytes: Uint8Array<ArrayBuffer>;
  text?: string;
}

const bounded = (max: number, what: string) => z.string({ error: `must be a string: ${what}` }).min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const fileSchema = (maxBytes: number) =>
  z.object(
    {
      name: bounded(NAME_MAX_CHARS, 'the file name the rep sees'),
      mimeType: bounded(MIME_TYPE_MAX_CHARS, 'the file\'s MIME type, e.g. "image/png"'),
      data: z
        .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, { error: 'must be the file\'s bytes (a Uint8Array, Buffer or ArrayBuffer)' })
        // A copy: every attempt sends the same bytes, whatever the caller does with its buffer meanwhile.
        .transform((v) => (v instanceof Uint8Array ? new Uint8Array(v) : new Uint8Array(v.slice(0))))
        .refine((bytes) => bytes.byteLength > 0, 'must not be empty: Salesforce takes no empty file')
        .refine((bytes) => bytes.byteLength <= maxBytes, { error: (issue) => `is ${(issue.input as Uint8Array).byteLength} bytes, more than fileMaxBytes (${maxBytes})` }),
      text: z.string({ error: 'must be a string when given: the caption' }).optional(),
    },
    { error: 'must be an object: { name, mimeType, data, text? }' },
  );

/** Check a file before any request (a HandoffConfigError names the first bad field) and give it its ids. */
export function checkCustomerFile(input: unknown, maxBytes: number): OutgoingFile {
  const { name, mimeType, data, text } = checkInput(fileSchema(maxBytes), input, { root: 'file', label: 'file', hint: 'fix the file passed to sendFile(); nothing was sent to Salesforce' });
  return { messageId: randomUUID(), fileId: randomUUID(), name, mimeType, bytes: data, ...(text === undefined ? {} : { text }) };
}

/** The Send File body: a `messageEntry` JSON part and the `fileData` part (built afresh for each attempt). */
export function fileForm(messageEntry: unknown, file: OutgoingFile): FormData {
  const form = new FormData();
  form.append('messageEntry', JSON.stringify(messageEntry));
  form.append('fileData', new Blob([file.bytes], { type: file.mimeType }), file.name);
  return form;
}
