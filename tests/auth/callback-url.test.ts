import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { authOptions } from "@/lib/auth/auth-options";

/**
 * next-auth's callbackUrl: a malformed one made next-auth's default redirect callback throw (a 500, and Next
 * logged the stack with the input). The route refuses it with a 400 before next-auth reads the request; the
 * redirect callback never throws (a malformed value in next-auth's callback-url cookie is ignored).
 */
const BAD = ["http://[", "::", "%zz", "http://exa mple.com/x", `http://[${"A".repeat(5_000)}`, "//evil.test/x", "javascript:alert(1)"];
const ctx = (...nextauth: string[]) => ({ params: Promise.resolve({ nextauth }) });
const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("a malformed callbackUrl on next-auth's routes", () => {
  it("is a 400 naming the field, in the form body of signout and of the credentials callback", async () => {
    for (const bad of BAD) {
      for (const route of [["signout"], ["callback", "credentials"]]) {
        const res = await POST(new Request(`http://127.0.0.1/api/auth/${route.join("/")}`, form({ csrfToken: "x", callbackUrl: bad })), ctx(...route));
        expect(res.status, `${route.join("/")} ${bad.slice(0, 20)}`).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: "invalid_input", fields: { callbackUrl: expect.any(String) } } });
      }
    }
  });

  it("is a 400 in the query and in a JSON body; a body that is not JSON is a 400 too", async () => {
    expect((await GET(new Request(`http://127.0.0.1/api/auth/signin?callbackUrl=${encodeURIComponent("http://[")}`), ctx("signin"))).status).toBe(400);
    const json = (body: string) => new Request("http://127.0.0.1/api/auth/signout", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await POST(json(JSON.stringify({ callbackUrl: "::" })), ctx("signout"))).status).toBe(400);
    expect((await POST(json("{not json"), ctx("signout"))).status).toBe(400);
  });

  it("a malformed callback-url cookie (next-auth answered 500 on every route) is a 400 that expires the cookie", async () => {
    const req = new Request("http://127.0.0.1/api/auth/session", { headers: { cookie: `a=1; next-auth.callback-url=${encodeURIComponent("http://[")}` } });
    const res = await GET(req, ctx("session"));
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toMatch(/^next-auth\.callback-url=; Path=\/; Max-Age=0/);
  });

  it("next-auth's redirect callback never throws: same origin only, anything else is the base URL", async () => {
    const redirect = authOptions().callbacks?.redirect;
    expect(redirect).toBeTypeOf("function");
    const base = "http://127.0.0.1:3000";
    for (const bad of BAD) expect(await redirect?.({ url: bad, baseUrl: base })).toBe(base);
    expect(await redirect?.({ url: "/payouts?x=1", baseUrl: base })).toBe(`${base}/payouts?x=1`);
    expect(await redirect?.({ url: `${base}/payins`, baseUrl: base })).toBe(`${base}/payins`);
    expect(await redirect?.({ url: "https://elsewhere.test/", baseUrl: base })).toBe(base);
  });
});
