type Schema = { type?: string | string[]; enum?: unknown[]; description?: string; format?: string; pattern?: string; anyOf?: Schema[]; oneOf?: Schema[]; items?: Schema; properties?: Record<string, Schema>; required?: string[]; minimum?: number; maximum?: number; maxLength?: number; default?: unknown; $ref?: string };
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Op = { summary?: string; "x-api-key-scope"?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { description?: string }> };
export type OpenApiDoc = { info: { title: string; description?: string }; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string; description?: string }> } };

/** A schema in a few words: its type, allowed values and limits. */
function describe(s: Schema | undefined): string {
  if (!s) return "any";
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(describe).join(" or ");
  const type = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  const bits = [type === "array" ? `list of ${describe(s.items)}` : type];
  if (s.format) bits.push(s.format);
  if (s.maxLength !== undefined) bits.push(`at most ${s.maxLength} characters`);
  if (s.minimum !== undefined) bits.push(`from ${s.minimum}`);
  if (s.maximum !== undefined) bits.push(`to ${s.maximum}`);
  if (s.default !== undefined) bits.push(`default ${JSON.stringify(s.default)}`);
  return bits.join(", ");
}

function Fields({ rows }: { rows: { name: string; where?: string; required: boolean; schema?: Schema; description?: string }[] }) {
  if (rows.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {rows.map((r) => (
        <li key={`${r.where ?? ""}${r.name}`} className="py-1 [overflow-wrap:anywhere]">
          <code className="font-semibold">{r.name}</code>
          {r.where ? <span className="text-slate-500"> ({r.where})</span> : null}
          {r.required ? <span className="text-red-700"> required</span> : null}
          <span className="text-slate-700">: {describe(r.schema)}</span>
          {r.description ?? r.schema?.description ? <span className="block text-slate-500">{r.description ?? r.schema?.description}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The OpenAPI document as a readable list of operations (each opens to its parameters, body and answers). */
export function OpenApiView({ doc }: { doc: OpenApiDoc }) {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  /** The body's schemas: one, or each alternative of a oneOf (a pay-out typed in, or a saved beneficiary's). */
  const bodiesOf = (op: Op) => {
    const s = op.requestBody?.content["application/json"]?.schema;
    const refs = s?.$ref ? [s.$ref] : (s?.oneOf ?? []).map((o) => o.$ref ?? "");
    return refs.map((r) => r.split("/").pop() ?? "").filter(Boolean).map((name) => ({ name, schema: doc.components.schemas[name] }));
  };
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{doc.info.description}</p>
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 className="mb-2 font-semibold">Ways in</h2>
        <ul className="space-y-1">
          {Object.entries(doc.components.securitySchemes).map(([name, s]) => (
            <li key={name}>
              <code className="font-semibold">{name}</code>: {s.description}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          Every error answers <code>{"{ \"error\": { \"code\", \"message\", \"fields\"? } }"}</code>; code is one of{" "}
          {describe(doc.components.schemas.ErrorBody?.properties?.error?.properties?.code).replace(/^one of /, "")}.
        </p>
      </section>
      {ops.map(({ path, method, op }) => {
        const bodies = bodiesOf(op);
        return (
          <details key={`${method} ${path}`} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="api-operation">
            <summary className="cursor-pointer">
              <h2 className="inline font-mono text-sm font-semibold [overflow-wrap:anywhere]">
                <span className="mr-2 rounded bg-slate-900 px-1.5 py-0.5 text-white">{method.toUpperCase()}</span>
                {path}
              </h2>
              <span className="block text-sm">{op.summary}</span>
            </summary>
            <p className="text-xs text-slate-600">{op["x-api-key-scope"] ? `API keys with the scope ${op["x-api-key-scope"]}, or a signed-in person.` : "A signed-in person only (never an API key)."}</p>
            <Fields rows={(op.parameters ?? []).map((p) => ({ name: p.name, where: p.in, required: !!p.required, schema: p.schema, description: p.description }))} />
            {bodies.map((body, i) => (
              <div key={body.name}>
                <h3 className="text-sm font-medium">{i === 0 ? "JSON body" : "Or the JSON body"} ({body.name})</h3>
                <Fields rows={Object.entries(body.schema?.properties ?? {}).map(([name, schema]) => ({ name, required: (body.schema?.required ?? []).includes(name), schema }))} />
              </div>
            ))}
            <ul className="text-xs text-slate-600">
              {Object.entries(op.responses).map(([status, r]) => (
                <li key={status}>
                  <code>{status}</code> {r.description}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
