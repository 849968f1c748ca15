import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MiawApiError } from '../shared/errors.ts';
import { scrubSecrets } from '../shared/redact.ts';
import { FORM_PARAMETER_LIMIT, inPathShape } from '../shared/salesforceErrors.ts';

/** Unknown paths get a 404 in the API's error shape, naming the path. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(
    new MiawApiError(
      404,
      'NOT_FOUND',
      `No such endpoint: ${req.method} ${req.path}. MIAW paths start with /iamessage/api/v2/, /eventrouter/v1/sse or /embeddedservice/v1/; GET / lists what this simulator serves, and GET /__sim/v1/openapi.json describes every control-API route.`,
    ),
  );
};

/**
 * The one place errors become responses: `MiawApiError` as `{code, errorCode, message}` (on the
 * Salesforce REST and OAuth paths in their shapes, `shared/salesforceErrors.ts`), body-parser
 * and upload errors as 400/413 in the same shape, anything else as a generic 500 with the detail
 * logged (secrets scrubbed).
 */
export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const apiError = renderedError(err, req.path ?? '', log);
    res.locals.errorCode = apiError.errorCode;
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res.status(apiError.status).json(apiError.toBody());
  };
}

/** The error as the API answers it at `path`; the unexpected is logged (secrets scrubbed). */
export function renderedError(err: unknown, path: string, log: (line: string) => void): MiawApiError {
  // On a Salesforce REST or OAuth path, in that API's shape (a fault or an unknown path there too).
  const apiError = inPathShape(path, toApiError(err));
  // A MiawApiError is a refusal someone meant (a simulated 503 fault, say): only the unexpected is logged.
  if (apiError.status >= 500 && !(err instanceof MiawApiError)) log(`[miaw-sim] Internal error: ${scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err))}`);
  return apiError;
}

function toApiError(err: unknown): MiawApiError {
  if (err instanceof MiawApiError) return err;
  const e = err as { type?: string; status?: number; code?: string; limit?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new MiawApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  if (e?.type === 'parameters.too.many') return new MiawApiError(413, 'TOO_MANY_PARAMETERS', `The form body has more than ${FORM_PARAMETER_LIMIT} parameters.`);
  if (e?.type === 'entity.too.large') return new MiawApiError(413, 'BODY_TOO_LARGE', `The request body is larger than the ${e.limit ?? ''} byte limit.`);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new MiawApiError(415, 'UNSUPPORTED_ENCODING', 'Send the body as UTF-8 JSON.');
  if (e?.code === 'LIMIT_FILE_SIZE') return new MiawApiError(413, 'FILE_TOO_LARGE', 'The uploaded file is larger than the allowed size.');
  if (typeof e?.code === 'string' && e.code.startsWith('LIMIT_')) return new MiawApiError(400, 'BAD_MULTIPART', `The multipart body was refused: ${e.message ?? e.code}.`);
  if (e?.message === 'Malformed part header' || e?.message === 'Unexpected end of form' || e?.message?.startsWith('Multipart')) {
    return new MiawApiError(400, 'BAD_MULTIPART', 'The multipart body could not be read.');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new MiawApiError(e.status, 'BAD_REQUEST', 'The request could not be read.');
  return new MiawApiError(500, 'INTERNAL_ERROR', 'Something went wrong inside the simulator; the detail is in its log.');
}
