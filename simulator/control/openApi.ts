import { z } from 'zod';
import { CONTROL_BASE, CONTROL_OPERATIONS, fullPath, type ControlOperation } from './operations.ts';

type JsonObject = Record<string, unknown>;

/** What a path parameter names, by the segment before it. */
const PARAMETERS: Record<string, string> = {
  orgs: 'Org id, 15 or 18 characters (00D...)',
  keysets: "Keyset's name",
  keys: 'Auth Key ID (kid) of a registered key',
  conversations: 'Conversation id (a UUID)',
  reps: "Rep's name",
  faults: 'Fault rule id (POST /faults answers with it)',
  handoffs: 'Widget handoff id (POST /widget/handoffs answers with it)',
};

const ERROR = { $ref: '#/components/responses/Error' };
const json = (schema: JsonObject) => ({ 'application/json': { schema } });

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a client sends it (defaults
 * optional). Named definitions (a recursive script's `Script`) go to `defs`, the document's
 * `components.schemas`, where their references point.
 */
function jsonSchema(schema: z.ZodType, defs: Record<string, JsonObject>): JsonObject {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const toComponents = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
  for (const [name, def] of Object.entries($defs ?? {})) defs[name] = toComponents(def as JsonObject);
  return toComponents(rest);
}

/** `post /orgs/:orgId/keysets` -> `postOrgsByOrgIdKeysets`. */
function operationId(op: ControlOperation): string {
  const words = op.path.split(/[/.-]/).filter(Boolean).map((w) => (w.startsWith(':') ? `By${cap(w.slice(1))}` : cap(w)));
  return op.method.toLowerCase() + (words.join('') || 'Index');
}
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

function parameters(op: ControlOperation, defs: Record<string, JsonObject>): JsonObject[] {
  const segments = op.path.split('/');
  const inPath = segments.flatMap((s, i) => (s.startsWith(':') ? [{ name: s.slice(1), in: 'path', required: true, description: PARAMETERS[segments[i - 1] ?? ''], schema: { type: 'string' } }] : []));
  if (!op.query) return inPath;
  const query = jsonSchema(op.query, defs) as { properties?: Record<string, JsonObject>; required?: string[] };
  const inQuery = Object.entries(query.properties ?? {}).map(([name, { description, ...schema }]) => ({ name, in: 'query', required: query.required?.includes(name) ?? false, description, schema }));
  return [...inPath, ...inQuery];
}

function operation(op: ControlOperation, defs: Record<string, JsonObject>): JsonObject {
  const params = parameters(op, defs);
  return {
    operationId: operationId(op),
    summary: op.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: !op.body.safeParse({}).success, content: json(jsonSchema(op.body, defs)) } } : {}),
    responses: {
      [op.status]: op.status === 204 ? { description: 'Done; no body' } : { description: 'Plain JSON (described loosely; see the README)', content: { ...json({ type: 'object' }), ...(op.html ? { 'text/html': {} } : {}) } },
      default: ERROR,
    },
  };
}

/**
 * The control API as an OpenAPI 3.1 document: one entry per row of `CONTROL_OPERATIONS`, request
 * bodies and queries converted from the zod schemas the routes check input with (`z.toJSONSchema`),
 * so the document cannot drift from what the routes accept. Responses are described loosely.
 */
export function openApiDocument(version: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  const defs: Record<string, JsonObject> = {};
  for (const op of CONTROL_OPERATIONS) (paths[fullPath(op)] ??= {})[op.method.toLowerCase()] = operation(op, defs);
  return {
    openapi: '3.1.0',
    info: {
      title: 'miaw-sim control API',
      version,
      description: `The simulator's own API under ${CONTROL_BASE}: orgs, deployments and keys, conversations and the rep's side, routing and reps, faults, the clock. Not described here: the live feed (a WebSocket at ${CONTROL_BASE}/live) and the MIAW endpoints, which speak Salesforce's API (/iamessage/api/v2, /eventrouter/v1, /embeddedservice/v1).`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths,
    components: {
      schemas: {
        ...defs,
        Error: {
          type: 'object',
          required: ['code', 'errorCode', 'message'],
          properties: {
            code: { type: 'string', description: 'The HTTP status, as a string ("400")' },
            errorCode: { type: 'string', description: 'What went wrong, e.g. INVALID_REQUEST, ORG_NOT_FOUND' },
            message: { type: 'string', description: 'What went wrong and what to do (a bad input names the field)' },
          },
        },
      },
      responses: {
        Error: { description: 'A refusal: 400 naming the field, 404 naming what is unknown, 409, ...', content: json({ $ref: '#/components/schemas/Error' }) },
      },
    },
  };
}
