import { describe, expect, it } from "vitest";
import { json, toJsonText } from "@/lib/api/respond";

const withReplacer = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

describe("API answers' JSON", () => {
  it("writes bigints anywhere in the answer as decimal strings, the same text as a bigint replacer", () => {
    const answer = {
      amountMinor: 12_345_678_901_234_567_890n,
      items: [{ id: 1, fee: -5n, nested: [1n, "x", null, { deep: 0n }] }, { id: 2, fee: null }],
      at: new Date("2026-12-07T10:00:00Z"),
      empty: [],
      skipped: undefined,
    };
    const text = toJsonText(answer);
    expect(text).toBe(withReplacer(answer));
    expect(JSON.parse(text)).toMatchObject({ amountMinor: "12345678901234567890", items: [{ fee: "-5", nested: ["1", "x", null, { deep: "0" }] }, { id: 2, fee: null }], at: "2026-12-07T10:00:00.000Z" });
  });

  it("leaves the caller's objects unchanged and copies nothing without bigints", () => {
    const row = { id: 7, fee: 3n };
    const page = { items: [row], plain: { a: 1 } };
    toJsonText(page);
    expect(row.fee).toBe(3n);
    expect(typeof page.items[0]?.fee).toBe("bigint");
    expect(toJsonText({ a: [1, 2, { b: "c" }] })).toBe('{"a":[1,2,{"b":"c"}]}');
    expect(toJsonText(5n)).toBe('"5"');
  });

  it("serializes a bigint that a toJSON returns, as the replacer would", () => {
    const v = { money: { toJSON: () => ({ minor: 250n }) } };
    expect(toJsonText(v)).toBe('{"money":{"minor":"250"}}');
  });

  it("answers with the JSON content type and no caching", async () => {
    const res = json({ total: 10n }, { status: 201 });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ total: "10" });
  });
});
