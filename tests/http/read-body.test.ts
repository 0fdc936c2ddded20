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
