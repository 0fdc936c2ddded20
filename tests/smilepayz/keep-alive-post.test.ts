import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keptAlivePost } from "@/lib/smilepayz/client/keep-alive-post";

// The gateway transport's promise to the client: an answer is handed back as it came, a refusal before any byte left
// is notSent (safe to retry), and anything after the request left (no answer in time, a dropped connection) is
// unknown (the pay-out may exist: ask inquiry-status, never resend).
describe("keptAlivePost", () => {
  let server: http.Server;
  let base = "";
  const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        if (req.url === "/slow") return; // never answers
        if (req.url === "/drop") return req.socket.destroy();
        if (req.url === "/moved") return res.writeHead(302, { location: "http://example.invalid/" }).end();
        res.writeHead(503, { "content-type": "application/json" }).end('{"code":"99","message":"busy ü"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends the exact body and headers and hands back the answer's status and text as they came", async () => {
    const body = '{"orderNo":"ABC123","note":"héllo"}';
    const r = await keptAlivePost(`${base}/answer`, { "X-SIGNATURE": "sig", "Content-Type": "application/json" }, body, 2000);
    expect(r).toEqual({ status: 503, text: '{"code":"99","message":"busy ü"}' });
    const last = seen.at(-1);
    expect(last?.body).toBe(body);
    expect(last?.headers["x-signature"]).toBe("sig");
    expect(last?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    const r = await keptAlivePost(`${base}/moved`, {}, "{}", 2000);
    expect(r).toMatchObject({ status: 302 });
  });

  it("reports no answer within the timeout as unknown (timeout), not as refused", async () => {
    const r = await keptAlivePost(`${base}/slow`, {}, "{}", 150);
    expect(r).toEqual({ unknown: "timeout", detail: "no answer within 150 ms" });
  });

  it("reports a connection dropped after the request left as unknown (network)", async () => {
    const r = await keptAlivePost(`${base}/drop`, {}, "{}", 2000);
    expect(r).toMatchObject({ unknown: "network" });
  });

  it("reports a connection refused before any byte left as notSent", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await keptAlivePost(`http://127.0.0.1:${port}/x`, {}, "{}", 2000);
    expect(r).toEqual({ notSent: "gateway unreachable: ECONNREFUSED" });
  });
});
