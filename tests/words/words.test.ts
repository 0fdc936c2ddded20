import { describe, expect, it } from "vitest";
import { PAYIN_TRANSITIONS, PAYOUT_STATUSES } from "@/lib/order-status/transitions";
import { PAYIN_STATUSES } from "@/lib/payins/schemas";
import { REGIONS, getRegion } from "@/lib/smilepayz/regions";
import { startOfDay, startOfNextDay, timeZoneParam } from "@/lib/validation/dates";
import {
  amountExample, callbackSentence, eventSentence, formatDateTime, formatMoney, formatWireAmount, methodName, payinMethodOptions,
  statusWord, withViewerZone,
} from "@/lib/words";

const TH = getRegion("TH");
const PH = getRegion("PH");

describe("every status and method has a word", () => {
  it("every status of every order kind has a word that is not its code", () => {
    for (const s of PAYOUT_STATUSES) expect(statusWord("payout", s), s).not.toBe(s);
    for (const s of Object.keys(PAYIN_TRANSITIONS)) expect(statusWord("payin", s), s).not.toBe(s);
    for (const s of PAYIN_STATUSES) expect(statusWord("payin", s), s).not.toMatch(/^[A-Z_]+$/);
    expect(statusWord("payin", "INIT")).toBe("Waiting for the payer");
    expect(statusWord("payout", "NOT_ACCEPTED")).toBe("Refused by Smilepayz");
  });

  it("every pay-out and pay-in method of every region has a name, and no name is a bare wire code", () => {
    for (const r of REGIONS) {
      for (const m of r.payout.methods) expect(methodName(r.code, m.code), `${r.code} ${m.code}`).toBe(m.name);
      for (const m of r.payin?.methods ?? []) expect(methodName(r.code, m.code, "payin"), `${r.code} ${m.code}`).toBe(m.name);
      const names = [...r.payout.methods, ...(r.payin?.methods ?? [])].map((m) => m.name);
      expect(names.filter((n) => /^[A-Z]{2,}$/.test(n) && n !== "USDT")).toEqual([]);
    }
    expect(methodName("TH", "KBANK")).toBe("Kasikornbank");
    expect(methodName("PH", "gcash")).toBe("GCash");
    expect(methodName("TH", "NOPE")).toBe("NOPE");
    expect(payinMethodOptions()).toEqual([{ code: "QRPAY", name: "Thai QR (PromptPay)" }, { code: "BANK", name: "Bank transfer" }]);
  });
});

describe("one money format", () => {
  it("writes every region's money in its one declared style, the currency once", () => {
    expect(formatMoney(150050n, TH)).toBe("1,500.50 THB");
    expect(formatMoney("270000", "THB")).toBe("2,700.00 THB");
    expect(formatMoney(1_000_000_000n, PH)).toBe("10,000,000.00 PHP");
    expect(formatMoney(12_345_678n, "USDT")).toBe("1,234.5678 USDT");
    expect(formatMoney(1_000_000n, "USDT")).toBe("100.00 USDT");
    expect(formatMoney(-500n, "BRL")).toBe("-5.00 BRL");
    expect(formatMoney(5n, "XYZ")).toBe("5 XYZ (minor units)");
    for (const r of REGIONS) expect(formatMoney(150000n, r)).not.toMatch(new RegExp(`${r.currency}.*${r.currency}`));
    expect(formatMoney(150000n, { ...TH, money: { format: "code amount" } })).toBe("THB 1,500.00");
  });

  it("says THB hints and placeholders in whole baht, other currencies with their decimals", () => {
    expect(formatMoney(100n, TH, { entry: true })).toBe("1 THB");
    expect(formatMoney(5_000_000n, TH, { entry: true })).toBe("50,000 THB");
    expect(formatMoney(100n, PH, { entry: true })).toBe("1.00 PHP");
    expect(amountExample(TH)).toBe("1,500");
    expect(amountExample(PH)).toBe("1,500.00");
  });

  it("shows the wire amount with its unit", () => {
    expect(formatWireAmount(150050n, PH)).toBe("150050 centavos");
    expect(formatWireAmount(150000n, TH)).toBe("1500 baht");
    expect(formatWireAmount(125000n, getRegion("USDT"))).toBe("12.5 USDT");
    expect(formatWireAmount(150050n, TH)).toBe(""); // satang cannot be sent
    expect(TH.amount.describe(150000n)).toBe("sent to Smilepayz as 1500 baht");
  });
});

describe("one date-time format and the viewer's days", () => {
  it("writes a moment with its zone, in the viewer's zone", () => {
    expect(formatDateTime("2026-12-06T07:05:07Z", { timeZone: "Asia/Bangkok" })).toBe("6 Dec 2026, 14:05:07 GMT+7");
    expect(formatDateTime("2026-12-06T07:05:07Z", { timeZone: "America/Sao_Paulo" })).toBe("6 Dec 2026, 04:05:07 GMT-3");
    expect(formatDateTime(null)).toBe("—");
  });

  it("a day filter is the viewer's day when a zone is given, the UTC day otherwise", () => {
    expect(startOfDay("2026-12-06").toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(startOfDay("2026-12-06", "Asia/Bangkok").toISOString()).toBe("2026-12-05T17:00:00.000Z");
    expect(startOfNextDay("2026-12-06", "Asia/Bangkok").toISOString()).toBe("2026-12-06T17:00:00.000Z");
    expect(startOfDay("2026-12-06", "America/Sao_Paulo").toISOString()).toBe("2026-12-06T03:00:00.000Z");
    // A day that starts with a daylight-saving change keeps its own offset (New York, 8 March 2026: 23 hours).
    expect(startOfDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfNextDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(timeZoneParam.safeParse("Asia/Bangkok").success).toBe(true);
    expect(timeZoneParam.safeParse("Mars/Olympus").success).toBe(false);
    expect(timeZoneParam.safeParse("'; drop table").success).toBe(false);
    expect(withViewerZone("from=2026-12-06&to=2026-12-06", "Asia/Bangkok")).toBe("from=2026-12-06&to=2026-12-06&tz=Asia%2FBangkok");
    expect(withViewerZone("status=FAILED", "Asia/Bangkok")).toBe("status=FAILED");
  });
});

describe("the timeline in words", () => {
  it("says who did what, once, in a sentence", () => {
    expect(eventSentence("payout", { from: "PROCESSING", to: "SUCCESS", source: "inquiry", actor: null })).toBe("Smilepayz confirmed the payment");
    expect(eventSentence("payout", { from: "PROCESSING", to: "FAILED", source: "inquiry", actor: null })).toBe("Smilepayz confirmed the payment failed");
    expect(eventSentence("payout", { from: "PENDING_APPROVAL", to: "APPROVED", source: "person", actor: "Ann Approver" })).toBe("Ann Approver approved the pay-out");
    expect(eventSentence("payout", { from: null, to: "PENDING_APPROVAL", source: "person", actor: "Fin" })).toBe("Fin created the pay-out; it waits for a second person's approval");
    expect(eventSentence("payout", { from: "APPROVED", to: "SENDING", source: "request", actor: null })).toBe("The app sent the signed request to Smilepayz");
    expect(eventSentence("payout", { from: "PROCESSING", to: "PROCESSING", source: "callback", actor: null })).toBe("Smilepayz sent a callback; the app is asking Smilepayz to confirm it");
    expect(eventSentence("payin", { from: "CREATING", to: "INIT", source: "response", actor: null })).toBe("Smilepayz accepted the pay-in; the payment page is ready for the payer");
    expect(eventSentence("payin", { from: "INIT", to: "SUCCESS", source: "inquiry", actor: null })).toBe("Smilepayz confirmed the payer's payment");
    expect(callbackSentence("duplicate", true)).toBe("Smilepayz sent the same callback again; nothing changed");
    for (const kind of ["payout", "payin"] as const) {
      for (const to of kind === "payout" ? PAYOUT_STATUSES : PAYIN_STATUSES) {
        for (const source of ["request", "response", "callback", "inquiry", "person", "system"]) {
          expect(eventSentence(kind, { from: "PROCESSING", to, source, actor: "Sam" }), `${kind} ${to} ${source}`).not.toMatch(/\b[A-Z]+_[A-Z_]+\b|\bINIT\b/);
        }
      }
    }
  });
});
