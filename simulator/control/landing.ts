import { Router } from 'express';
import packageJson from '../../package.json' with { type: 'json' };
import { openApiDocument } from './openApi.ts';

/** `GET /__sim/v1/openapi.json`. */
export function landingRouter(): Router {
  const router = Router();
  let document: object | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument(packageJson.version);
    res.json(document);
  });
  return router;
}
