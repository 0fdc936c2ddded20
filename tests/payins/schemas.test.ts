import { describe, expect, it } from "vitest";
import { createPayinSchema, redirectUrlProblem } from "@/lib/payins/schemas";

const good = (over: Record<string, unknown> = {}) => ({
  credentialId: 1,
  region: "TH",
  method: "QRPAY",
  amount: "300",
  purpose: "Invoice 118",
  payerName: "Somchai Jaidee",
  payerBank: "KBANK",
  payerAccount: "123-4-56789-0",
  ...over,
});

function fieldErrors(input: Record<string, unknown>): Record<string, string> {
  const r = createPayinSchema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe("createPayinSchema (the form's and the API's one schema)", () => {
  it("reads a good QRPAY pay-in into canonical values: satang, normalized account, default expiry", () => {
    const r = createPayinSchema.parse(good());
    expect(r).toMatchObject({ region: "TH", currency: "THB", method: "QRPAY", amountMinor: 30_000n, payerBank: "KBANK", payerAccount: "1234567890", expirySeconds: 3600 });
    expect(r.redirectUrl).toBeUndefined();
  });

  it.each([
    ["QRPAY", "50,001", "Thai QR (PromptPay): between 1 THB and 50,000 THB"],
    ["QRPAY", "0", "The amount must be greater than zero."],
    ["BANK", "200,001", "Bank transfer: between 1 THB and 200,000 THB"],
  ])("refuses %s %s on the amount field", (method, amount, message) => {
    expect(fieldErrors(good({ method, amount }))).toEqual({ amount: message });
  });

  it("takes the limits per method: 50,001 is fine for BANK, 200,000 too", () => {
    expect(createPayinSchema.parse(good({ method: "BANK", amount: "50,001" })).amountMinor).toBe(5_000_100n);
    expect(createPayinSchema.parse(good({ method: "BANK", amount: "200,000" })).amountMinor).toBe(20_000_000n);
  });

  it("refuses an expiry over 86,400 s, under 60 s or not whole", () => {
    for (const expirySeconds of ["86401", 59, "3.5", "soon"]) expect(Object.keys(fieldErrors(good({ expirySeconds })))).toEqual(["expirySeconds"]);
    expect(createPayinSchema.parse(good({ expirySeconds: "86400" })).expirySeconds).toBe(86_400);
  });

  it("takes the expiry in minutes or hours as a person chooses it and sends it as seconds; out of range names that field", () => {
    expect(createPayinSchema.parse(good({ expiryAmount: "90", expiryUnit: "minutes" })).expirySeconds).toBe(5_400);
    expect(createPayinSchema.parse(good({ expiryAmount: "24", expiryUnit: "hours" })).expirySeconds).toBe(86_400);
    expect(createPayinSchema.parse(good({ expiryAmount: "1", expiryUnit: "hours" })).expirySeconds).toBe(3_600);
    for (const [expiryAmount, expiryUnit] of [["25", "hours"], ["0", "minutes"], ["1.5", "hours"], ["soon", "minutes"]]) {
      expect(fieldErrors(good({ expiryAmount, expiryUnit }))).toEqual({ expiryAmount: "A whole number of minutes or hours, from 1 minute to 24 hours" });
    }
  });

  it("names each missing payer field", () => {
    expect(Object.keys(fieldErrors(good({ payerName: "" })))).toEqual(["payerName"]);
    expect(Object.keys(fieldErrors(good({ payerBank: "" })))).toEqual(["payerBank"]);
    expect(Object.keys(fieldErrors(good({ payerAccount: "  " })))).toEqual(["payerAccount"]);
    expect(Object.keys(fieldErrors(good({ payerBank: "NOPE" })))).toEqual(["payerBank"]);
    expect(Object.keys(fieldErrors(good({ payerAccount: "12345" })))).toEqual(["payerAccount"]);
  });

  it.each(["javascript:alert(1)", "ftp://shop.example.com/x", "http://10.0.0.5/back", "http://localhost:3000/", "http://169.254.169.254/latest", "http://intranet/x", "not a url"])(
    "refuses the redirect URL %s",
    (redirectUrl) => {
      expect(Object.keys(fieldErrors(good({ redirectUrl })))).toEqual(["redirectUrl"]);
      expect(redirectUrlProblem(redirectUrl)).not.toBeNull();
    },
  );

  it("keeps a public http(s) redirect URL", () => {
    expect(createPayinSchema.parse(good({ redirectUrl: "https://shop.example.com/thanks?o=1" })).redirectUrl).toBe("https://shop.example.com/thanks?o=1");
  });

  it("refuses a region without pay-ins and a method the region does not have", () => {
    expect(Object.keys(fieldErrors(good({ region: "PH" })))).toEqual(["region"]);
    expect(Object.keys(fieldErrors(good({ method: "GCASH" })))).toEqual(["method"]);
  });

  it("keeps an optional payer description, trimmed (empty is none); refuses one over 200 characters or with control or bidi characters", () => {
    expect(createPayinSchema.parse(good({ payerDescription: "  Your order 1001 at Demo Shop " })).payerDescription).toBe("Your order 1001 at Demo Shop");
    expect(createPayinSchema.parse(good({ payerDescription: "" })).payerDescription).toBeUndefined();
    expect(createPayinSchema.parse(good()).payerDescription).toBeUndefined();
    expect(createPayinSchema.parse(good({ payerDescription: "é".repeat(200) })).payerDescription).toBe("é".repeat(200));
    for (const payerDescription of ["x".repeat(201), "Line one\nline two", "Pay\u202eyap", "tab\there"]) {
      expect({ payerDescription, fields: Object.keys(fieldErrors(good({ payerDescription }))) }).toEqual({ payerDescription, fields: ["payerDescription"] });
    }
  });
});

describe("every message at once", () => {
  it("an empty form gets a message on every required field in one parse, the amount included", () => {
    const empty = { credentialId: "", region: "TH", method: "QRPAY", amount: "", purpose: "", payerName: "", payerBank: "", payerAccount: "", expirySeconds: "3600", redirectUrl: "", orderNo: "" };
    expect(Object.keys(fieldErrors(empty)).sort()).toEqual(["amount", "credentialId", "payerAccount", "payerBank", "payerName", "purpose"]);
    expect(fieldErrors(empty).amount).toBe("Enter an amount.");
  });

  it("region rules speak while plain fields are still wrong: amount over the limit, a bad account, expiry", () => {
    const f = fieldErrors(good({ purpose: "", amount: "50,001", payerAccount: "12", expirySeconds: "5" }));
    expect(Object.keys(f).sort()).toEqual(["amount", "expirySeconds", "payerAccount", "purpose"]);
  });
});
