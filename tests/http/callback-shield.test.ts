import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module of the server, without type declarations
import { admitCallback as admit, addressGroup as groupOf, CALLBACK_PATH as PATH } from "../../scripts/callback-shield.mjs";
import { addressGroup } from "@/lib/auth/client-info";

const admitCallback = admit as (req: { url: string }, res: EventEmitter, address: string) => true | number;
const CALLBACK_PATH = PATH as string;
const shieldGroup = groupOf as (ip: string) => string;

/** A request and a response as scripts/serve.mjs hands them over: the response emits "close" when done. */
function call(url = CALLBACK_PATH) {
  const res = Object.assign(new EventEmitter(), { statusCode: 200 });
  return { req: { url }, res, finish: (status: number) => ((res.statusCode = status), res.emit("close")) };
}

describe("the callback shield in front of Next", () => {
  it("sheds an address past 30 refusals a minute to 2 callbacks in flight and 5 a second; other addresses and routes pass", () => {
    const flood = "192.0.2.77";
    for (let i = 0; i < 31; i++) {
      const c = call();
      expect(admitCallback(c.req, c.res, flood)).toBe(true);
      c.finish(401);
    }
    const a = call();
    const b = call();
    expect(admitCallback(a.req, a.res, flood)).toBe(true);
    expect(admitCallback(b.req, b.res, flood)).toBe(true);
    // Shed: answered 429 later (a timer), not let into Next.
    expect(admitCallback(call().req, call().res, flood)).toBe(500);
    // The gateway's address, and other routes from the flooding address, are untouched.
    const gateway = call();
    expect(admitCallback(gateway.req, gateway.res, "192.0.2.10")).toBe(true);
    expect(admitCallback(call("/api/health").req, call().res, flood)).toBe(true);
    a.finish(401);
    b.finish(401);
    // 5 a second: the two above and three more, then shed until tokens come back.
    const admitted = Array.from({ length: 5 }, () => call()).map((c) => {
      const r = admitCallback(c.req, c.res, flood);
      c.finish(401);
      return r;
    });
    expect(admitted.filter((r) => r === true)).toHaveLength(3);
  });

  it("an address whose callbacks are accepted, or signed for orders not known yet, is never shed", () => {
    const gateway = "192.0.2.20";
    for (let i = 0; i < 40; i++) {
      const c = call();
      expect(admitCallback(c.req, c.res, gateway)).toBe(true);
      c.finish(404);
    }
    const open = Array.from({ length: 50 }, () => call());
    for (const c of open) expect(admitCallback(c.req, c.res, gateway)).toBe(true);
    for (const c of open) c.finish(200);
  });

  it("an IPv6 flood is shed by its /64: a new address in the same /64 is no fresh allowance", () => {
    for (let i = 0; i < 31; i++) {
      const c = call();
      expect(admitCallback(c.req, c.res, `2001:db8:77:1:${(i + 1).toString(16)}::1`)).toBe(true);
      c.finish(401);
    }
    const held = Array.from({ length: 2 }, () => call());
    for (const c of held) expect(admitCallback(c.req, c.res, "2001:db8:77:1:ffff:ffff:ffff:fffe")).toBe(true);
    expect(admitCallback(call().req, call().res, "2001:db8:77:1:abcd::9")).toBe(500);
    // Another /64 is another source.
    expect(admitCallback(call().req, call().res, "2001:db8:77:2::1")).toBe(true);
    for (const c of held) c.finish(401);
  });

  it("groups addresses as the app does", () => {
    for (const ip of ["2001:db8:1:2:aaaa::1", "2001:db8:1:2::", "2001:db8:0:0:1:2:3:4", "::1", "fe80::1:2", "198.51.100.7", "2001:db8::"]) {
      expect(shieldGroup(ip)).toBe(addressGroup(ip));
    }
  });
});
