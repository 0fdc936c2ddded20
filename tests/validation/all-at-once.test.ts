import { describe, expect, it } from "vitest";
import { createPayinSchema } from "@/lib/payins/schemas";
import { createPayoutSchema } from "@/lib/payouts/schemas";

describe("a form schema that reads every field at once", () => {
  // The cross-field rules run even while fields are wrong; a body that is no object must still be a field error.
  it.each([null, 42, "text", [], true])("refuses a body of %j as invalid input, never by throwing", (body) => {
    for (const schema of [createPayoutSchema, createPayinSchema]) {
      const parsed = schema.safeParse(body);
      expect(parsed.success).toBe(false);
    }
  });
});
