import { dirname, resolve } from 'node:path';
import type { JWK } from 'jose';
import { assignKid, toPublicRsaJwk } from '../auth/publicKey.ts';
import { X5C_MIN_VALIDITY_DAYS, x5cProblem } from '../auth/x5c.ts';
import { FILE_LIMITS, FileTooLargeError, readBoundedText } from '../shared/readBoundedText.ts';
import { checkAgainst } from '../shared/validation.ts';
import { MiawApiError } from '../shared/errors.ts';
import { normalizeSalesforceId } from '../shared/ids.ts';
import type { RepConfig } from '../domain/reps/repSchema.ts';
import { checkRep } from '../domain/reps/checkRep.ts';
import { DEFAULT_ROUTING, type RoutingConfig } from '../domain/routing/routingSchema.ts';
import type { Seed } from './seed.ts';
import type { Keyset } from '../store/types.ts';
import { ConfigFile } from './configSchema.ts';
import { buildDeployment } from './deploymentSchema.ts';
import { buildConnectedApp, buildIntegrationUser } from './salesforceSetup.ts';

/** A config file problem: names the file, the field and what was expected. */
export class ConfigError extends Error {
  constructor(file: string, field: string, expected: string) {
    super(`[miaw-sim] Invalid config ${file}: ${field}: ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Read, validate and turn a config file into a seed (added to `base` unless includeDefaults is false). */
export async function loadConfig(file: string, base: Seed, now: number): Promise<Seed> {
  let text: string;
  try {
    text = readBoundedText(file, FILE_LIMITS.config);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new ConfigError(file, '(file)', `is larger than ${err.maxBytes} bytes, more than a config file can be`);
    throw new ConfigError(file, '(file)', 'cannot be read; check the path given to --config');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, '(file)', `is not valid JSON (${(err as Error).message})`);
  }
  const checked = checkAgainst(ConfigFile, json);
  if (!checked.ok) throw new ConfigError(file, checked.field, checked.expected);
  const config = checked.data;
  const seed: Seed = config.includeDefaults === false ? { orgs: [], deployments: [], keysets: [] } : structuredClone(base);

  for (const [i, org] of (config.orgs ?? []).entries()) {
    const id = normalizeSalesforceId(org.id);
    if (!id) throw new ConfigError(file, `orgs.${i}.id`, 'has a wrong 18-character checksum suffix');
    if (seed.orgs.some((o) => o.id === id)) throw new ConfigError(file, `orgs.${i}.id`, `org ${id} is declared twice`);
    seed.orgs.push({ id, name: org.name ?? `Org ${id}` });
  }
  const orgOf = (field: string, value: string) => {
    const id = normalizeSalesforceId(value);
    if (!id || !seed.orgs.some((o) => o.id === id)) {
      throw new ConfigError(file, field, `org ${value} is not declared (declared: ${seed.orgs.map((o) => o.id).join(', ') || 'none'})`);
    }
    return id;
  };

  for (const [i, ks] of (config.keysets ?? []).entries()) {
    const keyset: Keyset = {
      name: ks.name,
      orgId: orgOf(`keysets.${i}.orgId`, ks.orgId),
      issuer: ks.issuer,
      keys: [],
      ...(ks.jwksUrl ? { jwksUrl: ks.jwksUrl } : {}),
      ...(ks.requireX5c ? { requireX5c: true } : {}),
    };
    if (seed.keysets.some((k) => k.orgId === keyset.orgId && k.name === keyset.name)) throw new ConfigError(file, `keysets.${i}.name`, `keyset ${ks.name} is declared twice`);
    for (const [j, key] of (ks.keys ?? []).entries()) {
      const field = `keysets.${i}.keys.${j}`;
      const publicJwk = readKey(file, field, key);
      const problem = ks.requireX5c ? x5cProblem(publicJwk, now, X5C_MIN_VALIDITY_DAYS) : undefined;
      if (problem) throw new ConfigError(file, key.jwk ? `${field}.jwk.x5c` : field, `keyset ${ks.name} has requireX5c, and this key ${problem}`);
      const kid = key.kid ?? (typeof key.jwk?.kid === 'string' ? key.jwk.kid : await assignKid(publicJwk));
      keyset.keys.push({ kid, alg: 'RS256', publicJwk, registeredAt: now });
    }
    seed.keysets.push(keyset);
  }

  for (const [i, d] of (config.deployments ?? []).entries()) {
    const orgId = orgOf(`deployments.${i}.orgId`, d.orgId);
    if (d.keyset && !seed.keysets.some((k) => k.orgId === orgId && k.name === d.keyset)) {
      throw new ConfigError(file, `deployments.${i}.keyset`, `no keyset "${d.keyset}" is declared for org ${orgId}`);
    }
    if (seed.deployments.some((x) => x.orgId === orgId && x.name === d.name)) throw new ConfigError(file, `deployments.${i}.name`, `deployment ${d.name} is declared twice`);
    const { orgId: _declaredOrg, name, ...settings } = d;
    seed.deployments.push(buildDeployment(orgId, name, settings));
  }
  addSalesforceSetup(file, config, seed, orgOf);
  if (config.routing) seed.routing = config.routing;
  if (config.reps) seed.reps = checkReps(file, config.reps, seed.routing ?? DEFAULT_ROUTING);
  return seed;
}

/** Connected apps, integration users and custom fields (Email Cases), added to the seed's. */
function addSalesforceSetup(file: string, config: ConfigFile, seed: Seed, orgOf: (field: string, value: string) => string): void {
  const apps = (seed.connectedApps ??= []);
  for (const [i, entry] of (config.connectedApps ?? []).entries()) {
    const field = `connectedApps.${i}`;
    const { orgId: declaredOrg, certificateFile, ...input } = entry;
    const orgId = orgOf(`${field}.orgId`, declaredOrg);
    if (certificateFile) input.certificatePem = readText(file, `${field}.certificateFile`, certificateFile);
    let app;
    try {
      app = buildConnectedApp(orgId, input);
    } catch (err) {
      throw new ConfigError(file, field, err instanceof MiawApiError ? err.message.replace('[miaw-sim] ', '') : 'its certificate or public key cannot be read');
    }
    if (apps.some((a) => a.consumerKey === app.consumerKey)) throw new ConfigError(file, `${field}.consumerKey`, 'is the consumer key of another connected app');
    if (apps.some((a) => a.orgId === orgId && a.name === app.name)) throw new ConfigError(file, `${field}.name`, `connected app ${app.name} is declared twice`);
    apps.push(app);
  }
  const users = (seed.integrationUsers ??= []);
  for (const [i, { orgId, ...input }] of (config.integrationUsers ?? []).entries()) {
    if (users.some((u) => u.username.toLowerCase() === input.username.toLowerCase())) throw new ConfigError(file, `integrationUsers.${i}.username`, `${input.username} is declared twice (usernames are unique across every org)`);
    users.push(buildIntegrationUser(orgOf(`integrationUsers.${i}.orgId`, orgId), input));
  }
  const fields = (seed.customFields ??= []);
  for (const [i, custom] of (config.customFields ?? []).entries()) {
    if (fields.some((f) => f.sobject === custom.sobject && f.name.toLowerCase() === custom.name.toLowerCase())) throw new ConfigError(file, `customFields.${i}.name`, `${custom.sobject}.${custom.name} is declared twice`);
    fields.push(custom);
  }
}

function readText(file: string, field: string, relative: string): string {
  const path = resolve(dirname(file), relative);
  try {
    return readBoundedText(path, FILE_LIMITS.config);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new ConfigError(file, field, `${path} is larger than ${err.maxBytes} bytes: it is not a PEM file`);
    throw new ConfigError(file, field, `cannot read ${path}`);
  }
}

function checkReps(file: string, reps: RepConfig[], routing: RoutingConfig): RepConfig[] {
  for (const [i, rep] of reps.entries()) {
    if (reps.findIndex((r) => r.name === rep.name) !== i) throw new ConfigError(file, `reps.${i}.name`, `rep "${rep.name}" is declared twice`);
    if (rep.userId && reps.findIndex((r) => r.userId === rep.userId) !== i) throw new ConfigError(file, `reps.${i}.userId`, `${rep.userId} is another rep's userId`);
    const problem = checkRep(rep, routing);
    if (problem) throw new ConfigError(file, `reps.${i}.${problem.path}`, `${problem.message} in routing.queues`);
  }
  return reps;
}

function readKey(file: string, field: string, key: { publicKeyFile?: string; publicKeyPem?: string; jwk?: Record<string, unknown> }): JWK {
  const pem = key.publicKeyFile ? readText(file, `${field}.publicKeyFile`, key.publicKeyFile) : key.publicKeyPem;
  try {
    return toPublicRsaJwk({ pem, jwk: key.jwk as JWK | undefined });
  } catch (err) {
    const reason = err instanceof MiawApiError ? err.message.replace('[miaw-sim] ', '') : 'cannot be read as a public key';
    throw new ConfigError(file, field, reason);
  }
}
