import { z } from 'zod';

/**
 * An absolute http(s) URL without white space: what a message may link to (an attachment, a
 * RichLink, a WebView, an image), checked where a rep sends one (`messageSchema.ts`) and where a
 * state file brings one back (`serialize/stateEntries.ts`). Never `javascript:`, `data:`, `file:` or
 * a relative path; the pages also link only http(s) URLs (`console/lib/contentNodes.js`).
 */
export const isHttpUrl = (value: string): boolean => /^https?:\/\/\S+$/i.test(value);

export const HTTP_URL_EXPECTED = 'must be an http(s) URL';

/** An http(s) URL in a schema, and the links a StaticContentMessage may carry besides its attachments (RichLink, its image, WebView). */
export const HttpUrl = z.string({ error: HTTP_URL_EXPECTED }).refine(isHttpUrl, HTTP_URL_EXPECTED);
export const ImageLink = z.object({ assetUrl: HttpUrl.optional() }).catchall(z.unknown());
export const staticContentLinks = {
  linkItem: z.object({ url: HttpUrl.optional() }).catchall(z.unknown()).optional(),
  image: ImageLink.optional(),
  url: HttpUrl.optional(),
};
