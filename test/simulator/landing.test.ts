import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { CONTROL_BASE, CONTROL_OPERATIONS, templatePath, type ControlOperation } from '../../simulator/control/operations.ts';
import { createApp } from '../../simulator/server/app.ts';
import { call, getGuestToken, show, startConversation, useSim } from '../helpers/sim.ts';
import { API, restToken } from '../helpers/salesforce.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** An express layer, as much of it as the walk below reads (express 5 / router 2). */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** `METHOD /full/path` of every route the app serves, found by walking its routers (not a list kept by hand). */
function servedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path === '/' ? prefix || '/' : prefix + layer.route.path;
      return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${path}`);
    }
    if (!layer.handle?.stack) return [];
    if (typeof layer.rawPath !== 'string') throw new Error('a router mounted without a path string: teach servedRoutes to read its mount path');
    return servedRoutes(layer.handle.stack, layer.rawPath === '/' ? prefix : prefix + layer.rawPath);
  });
}

const documented = (op: ControlOperation) => `${op.method} ${CONTROL_BASE}${op.path === '/' ? '' : op.path}`;

/** Every `$ref` in a JSON value. */
const refsIn = (value: unknown): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v))) : [];

describe('the landing index: GET / and GET /__sim/v1', () => {
  const t = useSim();

  it.each(['/', CONTROL_BASE])('%s to a browser is a page linking the console, the widget and the OpenAPI document, under the pages\' CSP', async (path) => {
    const r = await call(t.sim, 'GET', path, { headers: { accept: BROWSER } });
    expect(r.status, show(r)).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('vary')).toMatch(/Accept/);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
    expect(r.text).toContain('href="/console/"');
    expect(r.text).toContain('href="/widget/"');
    expect(r.text).toContain('href="/__sim/v1/openapi.json"');
    expect(r.text).toContain('<code>/__sim/v1/orgs/{orgId}/keysets/{name}/keys</code>');
    expect(r.text).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    expect(r.text).toContain('<code>Sim_Web</code>');
    expect(r.text).not.toContain(t.sim.privateKeyPem.split('\n')[1]);
  });

  it('serves the page\'s one stylesheet from this origin', async () => {
    const r = await call(t.sim, 'GET', '/landing.css');
    expect(r.status, show(r)).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it.each(['/', CONTROL_BASE, `${CONTROL_BASE}/`])('%s to curl (Accept: */*) is JSON: name, version, messaging URL, deployments, links and every operation', async (path) => {
    const r = await call(t.sim, 'GET', path, { headers: { accept: '*/*' } });
    expect(r.status, show(r)).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({
      name: 'miaw-sim',
      version: packageJson.version,
      messagingUrl: t.sim.url,
      deployments: [{ orgId: t.sim.orgId, esDeveloperName: t.sim.esDeveloperName }],
      links: { console: '/console/', widget: '/widget/', controlApi: '/__sim/v1', openapi: '/__sim/v1/openapi.json', live: '/__sim/v1/live' },
      docs: { readme: 'README.md', fidelity: 'docs/fidelity.md' },
    });
    expect(r.body.operations).toHaveLength(CONTROL_OPERATIONS.length);
    expect(r.body.operations).toContainEqual({ method: 'POST', path: '/__sim/v1/conversations/{id}/messages', summary: expect.stringMatching(/rep says/) });
    expect(r.text).not.toContain(t.sim.privateKeyPem.split('\n')[1]);
  });

  it('answers JSON when no Accept header is sent, or one that names neither JSON nor HTML', async () => {
    for (const accept of [undefined, 'image/png']) {
      const r = await rawGet(t.sim.port, '/', accept === undefined ? {} : { accept });
      expect(r.status).toBe(200);
      expect(r.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(r.body).links.console).toBe('/console/');
    }
  });


  it('is served before the faults and the journal: a fault on / does not touch it', async () => {
    const fault = await call(t.sim, 'POST', `${CONTROL_BASE}/faults`, { body: { match: { path: '/' }, action: { type: 'status', status: 503 } } });
    expect(fault.status, show(fault)).toBe(201);
    const r = await call(t.sim, 'GET', '/');
    expect(r.status, show(r)).toBe(200);
    const journal = await call(t.sim, 'GET', `${CONTROL_BASE}/journal`);
    expect(journal.body.requests.map((q: any) => q.path)).not.toContain('/');
  });
});

describe('the landing index behind --allowed-hosts all (the Host check off)', () => {
  const t = useSim({ allowedHosts: ['all'] });

  it('echoes only a Host header that is a host name: anything else leaves messagingUrl out', async () => {
    const odd = await rawGet(t.sim.port, '/', { host: '"><img src=x>' });
    expect(odd.status).toBe(200);
    expect(JSON.parse(odd.body).messagingUrl).toBeUndefined();
    const named = JSON.parse((await rawGet(t.sim.port, '/', { host: 'sim.local.salesforce-scrt.com:4242' })).body);
    expect(named.messagingUrl).toBe('http://sim.local.salesforce-scrt.com:4242');
  });
});

describe('the OpenAPI document: GET /__sim/v1/openapi.json', () => {
  const t = useSim();
  const openApi = async () => {
    const r = await call(t.sim, 'GET', `${CONTROL_BASE}/openapi.json`);
    expect(r.status, show(r)).toBe(200);
    return r.body;
  };

  it('is OpenAPI 3.1 with every operation, its responses, and only references that resolve inside it', async () => {
    const doc = await openApi();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: packageJson.version });
    for (const op of CONTROL_OPERATIONS) {
      const described = doc.paths[`${CONTROL_BASE}${templatePath(op.path === '/' ? '' : op.path)}`]?.[op.method.toLowerCase()];
      expect(described, `${op.method} ${op.path}`).toMatchObject({ operationId: expect.any(String), summary: op.summary, responses: { [op.status]: expect.any(Object), default: expect.any(Object) } });
      for (const param of op.path.match(/:\w+/g) ?? []) expect(described.parameters).toContainEqual(expect.objectContaining({ name: param.slice(1), in: 'path', required: true }));
      if (op.body) expect(described.requestBody.content['application/json'].schema, `${op.method} ${op.path}`).toMatchObject({ type: 'object' });
      else expect(described.requestBody, `${op.method} ${op.path}`).toBeUndefined();
    }
    const ids = Object.values(doc.paths).flatMap((byMethod: any) => Object.values(byMethod).map((o: any) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of refsIn(doc)) {
      const target = ref.replace(/^#\//, '').split('/').reduce((at: any, key) => at?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('describes every control route the app serves, and nothing it does not serve', async () => {
    // The express app behind the simulator's handler (which serves the data plane from node:http first).
    const served = servedRoutes((createApp(t.ctx) as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => r.split(' ')[1]!.startsWith(CONTROL_BASE));
    expect(served.length).toBeGreaterThan(30);
    expect([...new Set(served)].sort()).toEqual(CONTROL_OPERATIONS.map(documented).sort());
    const doc = await openApi();
    for (const route of served) {
      const [method, path] = route.split(' ') as [string, string];
      expect(doc.paths[templatePath(path)]?.[method.toLowerCase()], route).toBeDefined();
    }
  });

  it('takes the body schemas from the zod schemas the routes check: required fields and constraints come through', async () => {
    const doc = await openApi();
    const body = (path: string, method = 'post') => doc.paths[path][method].requestBody;
    expect(body('/__sim/v1/conversations/{id}/messages')).toMatchObject({ required: true, content: { 'application/json': { schema: { properties: { text: { minLength: 1, maxLength: 32_000 } } } } } });
    expect(body('/__sim/v1/conversations/{id}/messages').content['application/json'].schema.properties.message.oneOf).toHaveLength(3);
    expect(body('/__sim/v1/conversations/{id}/events').content['application/json'].schema.properties.event.oneOf).toHaveLength(4); // progress, streaming-tokens, streaming-token-validation, custom
    expect(body('/__sim/v1/conversations/{id}/accept').required).toBe(false);
    expect(body('/__sim/v1/faults').content['application/json'].schema.properties.action.oneOf).toHaveLength(8);
    expect(body('/__sim/v1/routing', 'put').content['application/json'].schema.required).toEqual(expect.arrayContaining(['queues', 'defaultQueue']));
    expect(doc.paths['/__sim/v1/journal'].get.parameters).toContainEqual(expect.objectContaining({ name: 'limit', in: 'query', schema: expect.objectContaining({ type: 'integer' }) }));
  });

  it.each([
    [`${CONTROL_BASE}/journal?limit=abc`, 'limit'],
    [`${CONTROL_BASE}/journal?limit=0`, 'limit'],
    [`${CONTROL_BASE}/conversations?orgId=a&orgId=b`, 'orgId'],
  ])('the queries it documents are the ones the routes check: %s is a 400 naming %s', async (path, field) => {
    const r = await call(t.sim, 'GET', path);
    expect(r.status, show(r)).toBe(400);
    expect(r.body).toMatchObject({ errorCode: 'INVALID_REQUEST', message: expect.stringContaining(`Invalid request query: ${field}: `) });
  });

  /** A path with real ids in place of its parameters, so a request reaches the route's body check. */
  async function fill(path: string): Promise<string> {
    let filled = `${CONTROL_BASE}${path}`.replace(':orgId', t.sim.orgId).replace('/keysets/:name', `/keysets/${t.sim.keyset}`).replace(':kid', t.sim.kid);
    if (filled.includes('/conversations/:id')) filled = filled.replace(':id', await startConversation(t.sim, (await getGuestToken(t.sim)).accessToken));
    if (filled.includes('/reps/:name')) {
      const routing = await call(t.sim, 'GET', `${CONTROL_BASE}/routing`);
      const rep = await call(t.sim, 'POST', `${CONTROL_BASE}/reps`, { body: { name: 'Probe', queues: [routing.body.defaultQueue] } });
      expect(rep.status, show(rep)).toBe(201);
      filled = filled.replace(':name', 'Probe');
    }
    if (filled.includes('/faults/:id')) {
      const fault = await call(t.sim, 'POST', `${CONTROL_BASE}/faults`, { body: { match: { path: '/nowhere' }, action: { type: 'status', status: 503 } } });
      filled = filled.replace(':id', fault.body.rules[0].id);
    }
    if (filled.includes('/widget/handoffs/:id')) {
      const handoff = await call(t.sim, 'POST', `${CONTROL_BASE}/widget/handoffs`, { body: { channel: 'web' } });
      filled = filled.replace(':id', handoff.body.id);
    }
    if (filled.includes('/cases/:id')) {
      const created = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token: await restToken(t.sim), body: { SuppliedEmail: 'ada@example.com' } });
      filled = filled.replace(':id', created.body.id);
    }
    if (filled.includes(':')) throw new Error(`no fixture for a parameter of ${path}: add one to fill()`);
    return filled;
  }

  it.each(CONTROL_OPERATIONS.filter((op) => op.method !== 'GET').map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s: a body the route refuses as a body (a JSON array) means the document describes one, and the other way round',
    async (_name, op) => {
      const r = await call(t.sim, op.method, await fill(op.path), { rawBody: '[]' });
      const checksBody = r.status === 400 && /^\[miaw-sim\] Invalid request body/.test(r.body?.message ?? '');
      expect(checksBody, show(r)).toBe(op.body !== undefined);
    },
  );
});

/** A GET with exactly these headers (fetch always sends Accept and its own Host). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: !('host' in headers) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}
