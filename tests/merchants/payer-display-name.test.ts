import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopQueue } from "@/lib/jobs/queue";
import { updateCredentialSchema } from "@/lib/merchants/schemas";
import { updateCredential } from "@/lib/merchants/update-credential";
import { payerFacingName } from "@/lib/payins/public-payin";
import { testDb } from "../helpers/db";
import { createMerchant } from "../helpers/factories";
import { PLATFORM_PUBLIC } from "../helpers/fixtures";
import { person } from "../payouts/helpers";

let admin: Awaited<ReturnType<typeof person>>;
beforeAll(async () => {
  admin = await person("admin");
});
afterAll(() => stopQueue());

describe("the shop name payers see", () => {
  const input = (m: { merchantId: string; name: string }, over: Record<string, unknown> = {}) =>
    updateCredentialSchema.parse({ merchantId: m.merchantId, name: m.name, environment: "sandbox", platformPublicKey: PLATFORM_PUBLIC, merchantSecret: "", privateKey: "", ...over });

  it("is saved with the credential at once (no second admin), and emptied falls back to the credential's name", async () => {
    const m = await createMerchant(testDb(), { platformPublicKey: PLATFORM_PUBLIC.replace(/-----[^-]+-----|\s/g, "") });
    const set = await updateCredential({ ctx: admin.ctx, id: m.id, input: input(m, { payerDisplayName: "  Baan Suan Coffee " }) });
    expect(set).toMatchObject({ payerDisplayName: "Baan Suan Coffee", pendingChange: null });
    expect(payerFacingName({ name: m.name, payerDisplayName: set?.payerDisplayName ?? null })).toBe("Baan Suan Coffee");
    const cleared = await updateCredential({ ctx: admin.ctx, id: m.id, input: input(m, { payerDisplayName: "" }) });
    expect(cleared?.payerDisplayName).toBeNull();
    expect(payerFacingName({ name: m.name, payerDisplayName: cleared?.payerDisplayName ?? null })).toBe(m.name);
  });

  it("refuses control characters and more than 100 characters, on its field", () => {
    const m = { merchantId: "m-1", name: "M" };
    for (const bad of ["Shop\nName", "x".repeat(101)]) {
      const r = updateCredentialSchema.safeParse({ merchantId: m.merchantId, name: m.name, environment: "sandbox", platformPublicKey: PLATFORM_PUBLIC, payerDisplayName: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join("."))).toContain("payerDisplayName");
    }
  });
});
