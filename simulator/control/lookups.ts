import type { SimContext } from '../server/context.ts';
import { notFound } from '../shared/errors.ts';
import { normalizeSalesforceId } from '../shared/ids.ts';
import type { Keyset, Org } from '../store/types.ts';

/** The org a control-API path names (15 or 18 characters), or a 404 that says how to create it. */
export function requireOrg(ctx: SimContext, id: string | undefined): Org {
  const id15 = id ? normalizeSalesforceId(id) : undefined;
  const found = id15 ? ctx.store.directory.getOrg(id15) : undefined;
  if (!found) throw notFound('ORG_NOT_FOUND', `No org ${id} on this simulator. Create it with POST /__sim/v1/orgs.`);
  return found;
}

/** A keyset of an org, or a 404 that says how to create it. */
export function requireKeyset(ctx: SimContext, orgId: string, name: string): Keyset {
  const found = ctx.store.directory.getKeyset(orgId, name);
  if (!found) throw notFound('KEYSET_NOT_FOUND', `No keyset "${name}" in org ${orgId}. Create it with POST /__sim/v1/orgs/${orgId}/keysets.`);
  return found;
}
