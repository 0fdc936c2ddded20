import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/openapi-document";
import { OPERATIONS } from "@/lib/openapi/operations";
import { declaredScopes } from "../helpers/route-scopes";

type Doc = { paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown; security: unknown[] }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document with pay-outs, pay-ins, the order look-up and API keys", async () => {
    const doc = openApiDocument();
    const v = new Validator();
    const res = await v.validate(doc);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(v.version).toBe("3.1");
    const d = doc as unknown as Doc;
    for (const p of ["/api/payouts", "/api/payins", "/api/orders", "/api/api-keys", "/api/payouts/{id}", "/api/api-keys/{id}/roll"]) expect(Object.keys(d.paths)).toContain(p);
  });

  it("a document with an error is refused by the validator (the check can fail)", async () => {
    const broken = { ...openApiDocument(), openapi: "3.1.0", info: undefined };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("describes the create bodies and list queries from the routes' own schemas, the error shape and both ways in", () => {
    const d = openApiDocument() as unknown as Doc & { components: { securitySchemes: Record<string, { type: string; scheme?: string }> } };
    expect(Object.keys(d.components.schemas.CreatePayout?.properties ?? {})).toEqual(expect.arrayContaining(["credentialId", "region", "method", "account", "amount", "purpose"]));
    expect(Object.keys(d.components.schemas.CreatePayin?.properties ?? {})).toEqual(expect.arrayContaining(["payerName", "expirySeconds"]));
    expect(d.components.schemas.ErrorBody).toMatchObject({ properties: { error: { required: ["code", "message"] } } });
    expect(d.paths["/api/payouts"]?.get?.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["region", "status", "cursor"]));
    expect(d.paths["/api/payouts"]?.post?.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
    expect(d.paths["/api/payouts"]?.post?.security).toEqual([{ session: [] }, { apiKey: ["payouts:write"] }]);
    expect(d.paths["/api/api-keys"]?.post?.security).toEqual([{ session: [] }]);
    expect(d.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("names for each operation the scope its route file declares (none for routes a key may not use)", () => {
    const declared = declaredScopes();
    expect(declared.size).toBeGreaterThanOrEqual(7);
    for (const op of OPERATIONS) expect(declared.get(op.key), op.key).toBe(op.scope);
    // Every route a key may use is documented.
    for (const key of declared.keys()) expect(OPERATIONS.map((o) => o.key), key).toContain(key);
  });
});
