import { Router } from 'express';
import { z } from 'zod';
import { ConnectedAppInput, IntegrationUserInput, buildConnectedApp, buildIntegrationUser } from '../config/salesforceSetup.ts';
import { findCase, repRepliesByEmail } from '../domain/cases/repReplies.ts';
import type { RecordDeps } from '../domain/cases/records.ts';
import { toCaseView, toConnectedAppView, toOutboxView } from '../serialize/sobjects.ts';
import type { SimContext } from '../server/context.ts';
import { conflict } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { requireOrg } from './lookups.ts';

/** The bodies and queries these routes parse (the OpenAPI document is generated from them). */
export const CasesQuery = z.object({ orgId: z.string().optional().describe("Only this org's cases (15 or 18 characters)") });
export const CaseReply = z
  .object({
    text: z.string().min(1, 'must be the text of the email').max(32_000, 'must be at most 32000 characters'),
    rep: z.string().min(1).max(121).optional().describe('Who signs the email (default "Support")'),
  })
  .strict();
export { ConnectedAppInput as CreateConnectedApp, IntegrationUserInput as CreateIntegrationUser };

/**
 * Email Cases, the control side: the cases clients opened (with their emails and the replies sent),
 * a rep's reply by email into the outbox, and the Setup a JWT bearer grant needs (connected apps,
 * integration users). Key material is never echoed.
 */
export function emailCasesRouter(ctx: SimContext): Router {
  const deps: RecordDeps = { records: ctx.store.salesforce, now: () => ctx.clock.now() };
  const records = ctx.store.salesforce;
  const orgFilter = (orgId: string | undefined) => (orgId === undefined ? undefined : requireOrg(ctx, orgId).id);

  return Router()
    .get('/cases', (req, res) => {
      const { orgId } = parseInput(CasesQuery, req.query, 'query');
      res.json({ cases: records.listRecords(orgFilter(orgId), 'Case').map((c) => toCaseView(c, records)) });
    })
    .get('/cases/:id', (req, res) => {
      res.json(toCaseView(findCase(deps, req.params.id), records));
    })
    .post('/cases/:id/replies', (req, res) => {
      const reply = parseInput(CaseReply, req.body);
      const caseRecord = findCase(deps, req.params.id);
      const mail = repRepliesByEmail(deps, caseRecord, { text: reply.text, rep: reply.rep ?? 'Support' });
      ctx.live.publish({ type: 'case', caseId: caseRecord.id });
      res.status(201).json(toOutboxView(mail));
    })
    .get('/outbox', (req, res) => {
      const { orgId } = parseInput(CasesQuery, req.query, 'query');
      res.json({ mails: records.outbox(orgFilter(orgId)).map(toOutboxView) });
    })
    .get('/connected-apps', (_req, res) => {
      res.json({ connectedApps: records.listApps().map(toConnectedAppView) });
    })
    .post('/orgs/:orgId/connected-apps', (req, res) => {
      const org = requireOrg(ctx, req.params.orgId);
      const input = parseInput(ConnectedAppInput, req.body);
      if (input.consumerKey && records.appByConsumerKey(input.consumerKey)) throw conflict('CONSUMER_KEY_EXISTS', 'Another connected app has this consumer key: leave consumerKey out to get a new one.');
      if (records.listApps().some((a) => a.orgId === org.id && a.name === input.name)) throw conflict('CONNECTED_APP_EXISTS', `Org ${org.id} already has a connected app "${input.name}".`);
      const app = buildConnectedApp(org.id, input);
      records.putApp(app);
      res.status(201).json(toConnectedAppView(app));
    })
    .get('/integration-users', (_req, res) => {
      res.json({ users: records.listUsers() });
    })
    .post('/orgs/:orgId/integration-users', (req, res) => {
      const org = requireOrg(ctx, req.params.orgId);
      const input = parseInput(IntegrationUserInput, req.body);
      if (records.userByUsername(input.username)) throw conflict('USERNAME_EXISTS', `The username ${input.username} is taken: usernames are unique across every org.`);
      const user = buildIntegrationUser(org.id, input);
      records.putUser(user);
      res.status(201).json(user);
    });
}
