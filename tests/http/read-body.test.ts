import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http/read-body";

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (sent++ >= chunks) ctrl.close();
      else ctrl.enqueue(new Uint8Array(size));
    },
  });
}

describe("request bodies are read within a cap", () => {
  it("refuses on Content-Length before reading", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "999999999" } });
    await expect(readBodyBytes(req, 1024)).rejects.toMatchObject({ code: "payload_too_large" });
  });
  it("cuts a body without a length off at the cap while streaming", async () => {
    let pulled = 0;
    const body = streamOf(10_000, 1024).pipeThrough(new TransformStream({ transform: (c, ctrl) => { pulled++; ctrl.enqueue(c); } }));
    const req = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
    const err = await readBodyBytes(req, 64 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("payload_too_large");
    expect(pulled).toBeLessThan(200); // stopped near 64 chunks, not after 10,000
  });
  it("returns a body under the cap whole", async () => {
    const req = new Request("http://x/", { method: "POST", body: "hello" });
    expect(new TextDecoder().decode(await readBodyBytes(req, 1024))).toBe("hello");
  });
});

describe("a client that goes away mid-body", () => {
  const failing = (err: Error) =>
    new Request("http://x/", {
      method: "POST",
      body: new ReadableStream({ pull: (ctrl) => ctrl.error(err) }),
      duplex: "half",
    } as RequestInit);

  it("is a 400 the route maps quietly, not an unexpected error", async () => {
    const reset = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    for (const err of [reset, Object.assign(new Error("The operation was aborted"), { name: "AbortError" })]) {
      const got = await readBodyBytes(failing(err), 1024).catch((e: unknown) => e);
      expect(got).toBeInstanceOf(AppError);
      expect((got as AppError).code).toBe("invalid_input");
    }
  });

  it("any other read failure is still the app's error", async () => {
    const boom = new TypeError("something else");
    await expect(readBodyBytes(failing(boom), 1024)).rejects.toBe(boom);
  });
});
