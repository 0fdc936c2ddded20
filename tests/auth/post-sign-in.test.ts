import { describe, expect, it } from "vitest";
import { postSignIn } from "@/lib/auth/post-sign-in";

type Step = Response | Error;
/** A fetch that answers from a script and keeps what it was asked. */
function scripted(steps: Step[]) {
  const asked: { url: string; body: string | null }[] = [];
  const fetchImpl = async (url: string, init?: RequestInit) => {
    asked.push({ url, body: typeof init?.body === "string" ? init.body : null });
    const next = steps.shift();
    if (!next) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetchImpl, asked };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const fields = { email: "a@b.test", password: "pw", totp: "123456" };

describe("the sign-in form's request", () => {
  it("posts the credentials with the CSRF token and json=true, and a 200 with a URL without error is a sign-in", async () => {
    const { fetchImpl, asked } = scripted([json(200, { csrfToken: "tok" }), json(200, { url: "http://app/" })]);
    expect(await postSignIn(fields, "http://app/sign-in", fetchImpl)).toEqual({ ok: true });
    expect(asked.map((a) => a.url)).toEqual(["/api/auth/csrf", "/api/auth/callback/credentials"]);
    expect(Object.fromEntries(new URLSearchParams(asked[1]?.body ?? ""))).toEqual({ ...fields, csrfToken: "tok", callbackUrl: "http://app/sign-in", json: "true" });
  });

  it("gives the app's refusal as it is, wait included", async () => {
    const { fetchImpl } = scripted([json(200, { csrfToken: "tok" }), json(401, { url: "http://app/api/auth/error?error=invalid_credentials%3A4" })]);
    expect(await postSignIn(fields, "http://app/sign-in", fetchImpl)).toEqual({ ok: false, error: "invalid_credentials:4" });
  });

  it("asks for the CSRF token a second time when the first read fails, never posts twice", async () => {
    const { fetchImpl, asked } = scripted([new TypeError("Failed to fetch"), json(200, { csrfToken: "tok" }), new TypeError("Failed to fetch")]);
    expect(await postSignIn(fields, "http://app/sign-in", fetchImpl)).toEqual({ ok: false, error: "unreachable" });
    expect(asked.map((a) => a.url)).toEqual(["/api/auth/csrf", "/api/auth/csrf", "/api/auth/callback/credentials"]);
  });

  it("says the app did not answer for no token, a dropped connection or an answer that is not next-auth's", async () => {
    for (const steps of [[json(500, {}), json(503, {})], [json(200, { csrfToken: "tok" }), new Response("<html>bad gateway</html>", { status: 502 })]]) {
      const { fetchImpl } = scripted(steps);
      expect(await postSignIn(fields, "http://app/sign-in", fetchImpl)).toEqual({ ok: false, error: "unreachable" });
    }
  });
});
