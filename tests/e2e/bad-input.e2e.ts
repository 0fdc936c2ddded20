import { readFileSync, statSync } from "node:fs";
import http from "node:http";
import { describe, expect, inject, it } from "vitest";
import { baseUrl, roleSession, type Session } from "./helpers/app";

/** Issue 17, item 5: bad dates and abandoned uploads, against the running app (no 500, no stack, no error log). */
const logSince = (offset: number) => readFileSync(inject("logFile")).subarray(offset).toString("utf8"); // offsets in bytes
const logSize = () => statSync(inject("logFile")).size;
/** Error-level JSON lines (pino's 50, serve.mjs's own) and stack lines. */
const errorLines = (text: string) => text.split("\n").filter((l) => /"level":\s*(50|"error")/.test(l) || /^\s+at\s/.test(l));

const BAD_DAYS = ["2026-13-01", "0000-00-00", "9999-99-99", "2026-02-30"];

async function expectFieldError(s: Session, path: string, field: string) {
  const res = await s.fetch(path);
  expect(res.status, path).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
  expect(body.error.code).toBe("invalid_input");
  expect(Object.keys(body.error.fields ?? {}), path).toEqual([field]);
}

describe("dates in filters", () => {
  it("pay-out and audit lists and exports answer 400 with the field for every bad day, and log no error", async () => {
    const start = logSize();
    const approver = await roleSession("approver");
    const admin = await roleSession("admin");
    for (const day of BAD_DAYS) {
      for (const field of ["from", "to"]) {
        for (const path of ["/api/payouts", "/api/payouts/export"]) await expectFieldError(approver, `${path}?${field}=${day}`, field);
        for (const path of ["/api/audit", "/api/audit/export"]) await expectFieldError(admin, `${path}?${field}=${day}`, field);
      }
    }
    // A good range still exports in full: the stream ends normally.
    const csv = await approver.fetch("/api/payouts/export?from=2026-01-01&to=2026-12-31");
    expect(csv.status).toBe(200);
    expect((await csv.text()).startsWith("id,created_at,")).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(errorLines(logSince(start))).toEqual([]);
  });
});

describe("a client that gives up mid-upload", () => {
  it("is not an error: logged at info, and the app answers the next request", async () => {
    const finance = await roleSession("finance");
    const start = logSize();
    const u = new URL(baseUrl());
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: u.hostname, port: u.port, path: "/api/payouts", method: "POST",
        headers: { cookie: finance.header(), "content-type": "application/json", "content-length": "100000", "idempotency-key": `abort-${Date.now()}` },
      });
      req.on("error", () => resolve()); // we are the ones hanging up
      req.write('{"credentialId":1,"region":"TH","');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 500);
    });
    await expect.poll(() => logSince(start), { timeout: 10_000 }).toMatch(/closed the request/);
    const lines = logSince(start).split("\n").filter((l) => l.includes("closed the request"));
    expect(lines.every((l) => /"level":30/.test(l))).toBe(true);
    expect(errorLines(logSince(start))).toEqual([]);
    expect((await finance.fetch("/api/payouts?limit=1")).status).toBe(200);
  });
});
