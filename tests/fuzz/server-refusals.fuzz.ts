import { describe, expect, it } from "vitest";
import { baseUrl } from "../e2e/helpers/app";
import { shapeProblem } from "./helpers/answers";
import { rawRequest } from "./helpers/raw-http";

/**
 * What the server in front of Next (scripts/serve.mjs) refuses itself is in the app's one error shape too. Found
 * by the hostile-input suite: a long query string got Node's bare 431, a chunked body a 411 coded invalid_input,
 * and a 21 MB upload lost its 413 when the socket was closed on the unread body.
 */
async function expectShape(a: { status: number; type: string; text: string }, status: number, code: string) {
  expect(a.status).toBe(status);
  expect(a.type).toMatch(/^application\/json/);
  const body = JSON.parse(a.text) as { error: { code: string } };
  expect(shapeProblem(body, a.status)).toBeNull();
  expect(body.error.code).toBe(code);
}

describe("refusals made before Next", () => {
  it("a URL past Node's header cap is a 431 in the one error shape", async () => {
    await expectShape(await rawRequest(`${baseUrl()}/api/health?q=${"%EF%BC%99".repeat(3_000)}`, { method: "GET" }), 431, "headers_too_large");
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });

  it("a body without a length is a 411 length_required", async () => {
    await expectShape(await rawRequest(`${baseUrl()}/api/users`, { headers: { "content-type": "application/json" }, body: "{}", chunked: true }), 411, "length_required");
  });

  it("an upload past its cap gets its 413 while it is still sending", async () => {
    const body = Buffer.alloc(21 * 1024 * 1024, "a");
    for (let i = 0; i < 3; i++) {
      await expectShape(await rawRequest(`${baseUrl()}/api/payout-batches?credentialId=1`, { headers: { "content-type": "text/csv" }, body }), 413, "payload_too_large");
    }
  });
});
