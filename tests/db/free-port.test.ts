import net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "@/db/free-port";

describe("a free port for a server of its own", () => {
  it("is never one another server was handed and has not bound yet, even when it is the preferred one", async () => {
    const handed = await freePort();
    const other = await freePort(handed, [handed]);
    expect(other).not.toBe(handed);
    // The preferred port, free and not to avoid, is the one given; taken, another.
    expect(await freePort(handed)).toBe(handed);
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(handed, "127.0.0.1", () => r()));
    try {
      expect(await freePort(handed)).not.toBe(handed);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });
});
