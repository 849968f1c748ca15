/**
 * Caps on what an attachment says of itself, wherever one comes in (a rep's message, an end user's
 * upload or message): its file name and its MIME type are drawn on every page and kept in every
 * export, so neither may be megabytes long. One past a cap is a 400 naming the field and the limit.
 */

/** The longest file name (characters): a file as Salesforce Files keeps it (ContentVersion `Title`, 255). */
export const ATTACHMENT_NAME_MAX_CHARS = 255;

/** The longest MIME type (characters): RFC 6838 §4.2 allows 127 for the type and 127 for the subtype. */
export const MIME_TYPE_MAX_CHARS = 255;

export const tooLong = (max: number, what: string): string => `must be at most ${max} characters (${what})`;
