import { describe, expect, it } from "vitest";
import { statusFromGateway } from "@/lib/order-status/gateway-words";
import { awaitingStatuses, notSentStatuses, openStatuses, sendingStatus } from "@/lib/order-status/status-sets";

describe("status sets derived from the transition table", () => {
  it("name the status an order is sent from", () => {
    expect(sendingStatus("payout")).toBe("SENDING");
    expect(sendingStatus("payin")).toBe("CREATING");
  });
  it("open: what the gateway wing asks about (a stale SENDING pay-out too; a CREATING pay-in is its dispatch's)", () => {
    expect(new Set(openStatuses("payout"))).toEqual(new Set(["SENDING", "PROCESSING", "UNKNOWN"]));
    expect(new Set(openStatuses("payin"))).toEqual(new Set(["INIT", "PROCESSING", "UNKNOWN"]));
  });
  it("awaiting: sent and not final, what a person may check", () => {
    expect(new Set(awaitingStatuses("payout"))).toEqual(new Set(["PROCESSING", "UNKNOWN"]));
    expect(new Set(awaitingStatuses("payin"))).toEqual(new Set(["INIT", "PROCESSING", "UNKNOWN"]));
  });
  it("not sent: statuses the gateway cannot know", () => {
    expect(new Set(notSentStatuses("payout"))).toEqual(new Set(["PENDING_APPROVAL", "APPROVED", "REJECTED"]));
    expect(notSentStatuses("payin")).toEqual([]);
  });
});

describe("the gateway's status words", () => {
  it("map to the same status for both kinds, except INIT (a pay-out has none: PROCESSING)", () => {
    for (const [word, status] of [["success", "SUCCESS"], ["FAIL", "FAILED"], ["FAILED", "FAILED"], ["EXPIRED", "EXPIRED"], ["CANCELLED", "CANCELLED"], ["PENDING", "PROCESSING"], ["PROCESSING", "PROCESSING"]]) {
      expect(statusFromGateway("payout", word)).toBe(status);
      expect(statusFromGateway("payin", word)).toBe(status);
    }
    expect(statusFromGateway("payout", "INIT")).toBe("PROCESSING");
    expect(statusFromGateway("payin", "INIT")).toBe("INIT");
    expect(statusFromGateway("payout", "REFUNDED")).toBeNull();
    expect(statusFromGateway("payin", undefined)).toBeNull();
  });
});
