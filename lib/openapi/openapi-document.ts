import { z } from "zod";
import { API_SCOPE_LABELS } from "@/lib/auth/api-key-scopes";
import { STATUS_OF, type ErrorCode } from "@/lib/errors";
import { OPERATIONS, type Operation } from "./operations";

type Json = Record<string, unknown>;

/** The one error shape (lib/errors.ts), as a schema: `{ error: { code, message, fields? } }`. */
const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(STATUS_OF) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional().describe("A message per field, by its dotted path"),
  }),
});

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a client sends it (the input side). */
function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Json;
  return rest;
}

const ERROR_STATUSES: Record<string, string> = {
  "400": "Invalid input (with fields)",
  "401": "Not signed in, or the API key is unknown, revoked or its secret replaced",
  "403": "Not allowed for this role or API key (a key needs the route's scope)",
  "404": "Not found, or outside your merchants",
  "409": "Conflict (Idempotency-Key reused with another body, not in a state for this)",
  "415": "Not JSON",
  "429": "Too many requests (per API key)",
};

function operation(op: Operation, schemas: Json): Json {
  const [method = "GET", path = ""] = op.key.split(" ");
  const parameters: Json[] = [];
  if (path.includes("[id]")) parameters.push({ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } });
  if (op.idempotencyKey) {
    parameters.push({ name: "Idempotency-Key", in: "header", required: true, description: "8-128 of A-Z a-z 0-9 _-:.; a retry with the same key returns the same order", schema: { type: "string", pattern: "^[A-Za-z0-9_\\-:.]{8,128}$" } });
  }
  let requestBody: Json | undefined;
  if (op.input) {
    const s = jsonSchema(op.input.schema);
    if (method === "GET") {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(props)) parameters.push({ name, in: "query", required: required.has(name), schema });
    } else {
      schemas[op.input.name] = s;
      const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
      if (op.input.or) schemas[op.input.or.name] = jsonSchema(op.input.or.schema);
      const schema = op.input.or ? { oneOf: [ref(op.input.name), ref(op.input.or.name)] } : ref(op.input.name);
      requestBody = { required: true, content: { "application/json": { schema } } };
    }
  }
  const security: Json[] = [{ session: [] }];
  if (op.scope) security.push({ apiKey: [op.scope] });
  const responses: Json = { [String(op.ok.status)]: { description: op.ok.description, content: { "application/json": { schema: { type: "object" } } } } };
  for (const [status, description] of Object.entries(ERROR_STATUSES)) responses[status] = { $ref: `#/components/responses/Error${status}`, description };
  return {
    operationId: op.key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, ""),
    summary: op.summary,
    tags: [op.tag],
    ...(op.scope ? { "x-api-key-scope": op.scope } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    security,
    responses,
  };
}

/** The OpenAPI 3.1 document of the API's public operations, built from the routes' own zod schemas. */
export function openApiDocument(serverUrl = "/"): Json {
  const schemas: Json = { ErrorBody: jsonSchema(errorBodySchema) };
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const [method = "GET", path = ""] = op.key.split(" ");
    const p = path.replace(/\[(\w+)\]/g, "{$1}");
    paths[p] = { ...paths[p], [method.toLowerCase()]: operation(op, schemas) };
  }
  const responses: Json = {};
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    responses[`Error${status}`] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } } };
  }
  const scopes = Object.entries(API_SCOPE_LABELS).map(([s, l]) => `\`${s}\` ${l}`).join("; ");
  return {
    openapi: "3.1.0",
    info: {
      title: "Smilepayz back-office API",
      version: "1",
      description: `Pay-outs, pay-ins and order look-up. Errors always have the shape { error: { code, message, fields? } }. Machines use an API key (Authorization: Bearer spz_…), on routes of its scopes only: ${scopes}.`,
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A person's session (sign in first); writes from a browser need the same origin." },
        apiKey: { type: "http", scheme: "bearer", description: "An API key's secret (spz_<prefix>_<secret>), created by an admin on /api-keys." },
      },
    },
  };
}
