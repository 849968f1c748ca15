/**
 * An absolute http(s) URL without white space: what a message may link to (an attachment, a
 * RichLink, a WebView, an image), checked where a rep sends one (`messageSchema.ts`) and where a
 * state file brings one back (`serialize/stateEntries.ts`). Never `javascript:`, `data:`, `file:` or
 * a relative path; the pages also link only http(s) URLs (`console/lib/contentNodes.js`).
 */
export const isHttpUrl = (value: string): boolean => /^https?:\/\/\S+$/i.test(value);

export const HTTP_URL_EXPECTED = 'must be an http(s) URL';
