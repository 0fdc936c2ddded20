import { generateKeyPairSync } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/callbacks/smilepayz/route";
import { closeDb, testDb } from "../helpers/db";
import { createMerchant, createPayout } from "../helpers/factories";
import { PLATFORM_PUBLIC_DER, payoutState, signedCallback, thaiBody, uid, type Delivery } from "./helpers";

afterAll(() => closeDb());

/** The route handler itself (the apiRoute wrapper included), called as Next calls it. */
function post(d: Delivery): Promise<Response> {
  const headers = new Headers(d.headers);
  headers.set("x-forwarded-for", "198.51.100.9");
  const req = new Request("http://127.0.0.1/api/callbacks/smilepayz", { method: "POST", headers, body: d.raw });
  return POST(req, { params: Promise.resolve({}) });
}

describe("POST /api/callbacks/smilepayz", () => {
  it("answers 200 plain-text SUCCESS once stored, 401 JSON for a bad signature, 400 for a malformed body, 409 for a reused signature", async () => {
    const m = await createMerchant(testDb(), { platformPublicKey: PLATFORM_PUBLIC_DER });
    const p = await createPayout(testDb(), { merchantId: m.id, status: "PROCESSING", tradeNo: `T${uid()}` });
    const ids = { orderNo: p.orderNo, tradeNo: p.tradeNo ?? "" };

    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forged = await post(signedCallback(thaiBody(ids, "SUCCESS"), { key: other }));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await payoutState(testDb(), p.id)).row?.status).toBe("PROCESSING");

    const bad = await post({ ...signedCallback(thaiBody(ids, "SUCCESS")), raw: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_input" } });

    const delivery = signedCallback(thaiBody(ids, "SUCCESS"));
    const ok = await post(delivery);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe("SUCCESS");
    const again = await post(delivery);
    expect(await again.text()).toBe("SUCCESS");
    const replay = await post({ ...delivery, raw: JSON.stringify(thaiBody(ids, "FAILED")) });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: { code: "conflict" } });
    // The SUCCESS waits for inquiry-status (this credential has no gateway to ask, so it stays PROCESSING).
    const { row, events } = await payoutState(testDb(), p.id);
    expect(row?.status).toBe("PROCESSING");
    expect(events.map((e) => [e.toStatus, e.source])).toEqual([["PROCESSING", "callback"]]);
  });
});
