import { afterAll, describe, expect, it } from "vitest";
import { listenForConfirmWakes, sendConfirmWake } from "@/lib/callbacks/confirm-wake";
import { closeDb, testDb } from "../helpers/db";

afterAll(() => closeDb());

describe("a web server wakes the confirmation process through the database", () => {
  it("a wake sent on one connection reaches a listener on another, once per wake; a stopped listener hears nothing", async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL");
    let heard = 0;
    const stop = await listenForConfirmWakes(url, () => heard++);
    const waitFor = async (n: number) => {
      for (let t = 0; t < 100 && heard < n; t++) await new Promise((r) => setTimeout(r, 20));
    };
    await sendConfirmWake(testDb());
    await waitFor(1);
    expect(heard).toBe(1);
    await sendConfirmWake(testDb());
    await sendConfirmWake(testDb());
    await waitFor(3);
    expect(heard).toBe(3);
    await stop();
    await sendConfirmWake(testDb());
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toBe(3);
  });
});
