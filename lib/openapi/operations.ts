import type { z } from "zod";
import { createApiKeySchema, rollApiKeySchema } from "@/lib/api-keys/schemas";
import { payBeneficiarySchema } from "@/lib/beneficiaries/schemas";
import type { ApiScope } from "@/lib/auth/api-key-scopes";
import type { RouteKey } from "@/lib/auth/access-table";
import { orderSearchSchema } from "@/lib/orders/schemas";
import { createPayinSchema, listPayinsSchema } from "@/lib/payins/schemas";
import { createPayoutSchema, listPayoutsSchema } from "@/lib/payouts/schemas";

/**
 * The operations the OpenAPI document describes, each with the very zod schema its route parses (no second copy;
 * POST /api/payouts parses lib/beneficiaries' newPayoutSchema, which picks one of the two schemas named here)
 * and the scope its route declares (tests/openapi checks both against the route files).
 */
export interface Operation {
  key: RouteKey;
  summary: string;
  tag: string;
  /** A query string for GET, the JSON body otherwise. */
  input?: { name: string; schema: z.ZodType; or?: { name: string; schema: z.ZodType } };
  scope?: ApiScope;
  idempotencyKey?: boolean;
  /** The success status and what it holds. */
  ok: { status: number; description: string };
}

export const OPERATIONS: readonly Operation[] = [
  { key: "GET /api/payouts", tag: "Pay-outs", summary: "List pay-outs (newest first; follow nextCursor)", input: { name: "ListPayouts", schema: listPayoutsSchema }, scope: "payouts:read", ok: { status: 200, description: "{ items, nextCursor }" } },
  { key: "POST /api/payouts", tag: "Pay-outs", summary: "Create a pay-out (waits for a second person at or above the threshold)", input: { name: "CreatePayout", schema: createPayoutSchema, or: { name: "PayBeneficiary", schema: payBeneficiarySchema } }, scope: "payouts:write", idempotencyKey: true, ok: { status: 201, description: "{ payout, replayed } (200 with replayed: true for the same Idempotency-Key and body)" } },
  { key: "GET /api/payouts/[id]", tag: "Pay-outs", summary: "One pay-out with its events and callbacks", scope: "payouts:read", ok: { status: 200, description: "The pay-out" } },
  { key: "GET /api/payins", tag: "Pay-ins", summary: "List pay-ins (newest first; follow nextCursor)", input: { name: "ListPayins", schema: listPayinsSchema }, scope: "payins:read", ok: { status: 200, description: "{ items, nextCursor }" } },
  { key: "POST /api/payins", tag: "Pay-ins", summary: "Ask a payer for money (the payer link is in the answer once)", input: { name: "CreatePayin", schema: createPayinSchema }, scope: "payins:write", idempotencyKey: true, ok: { status: 201, description: "{ payin, replayed }" } },
  { key: "GET /api/payins/[id]", tag: "Pay-ins", summary: "One pay-in with its timeline and callbacks", scope: "payins:read", ok: { status: 200, description: "The pay-in" } },
  { key: "GET /api/orders", tag: "Orders", summary: "Find orders of both kinds by orderNo, tradeNo, account digits or name", input: { name: "OrderSearch", schema: orderSearchSchema }, scope: "orders:read", ok: { status: 200, description: "{ items, nextCursor, exact, notice }" } },
  { key: "GET /api/api-keys", tag: "API keys", summary: "List API keys (admins; never a secret)", ok: { status: 200, description: "{ items }" } },
  { key: "POST /api/api-keys", tag: "API keys", summary: "Create an API key; the secret is in this answer only", input: { name: "CreateApiKey", schema: createApiKeySchema }, ok: { status: 201, description: "{ apiKey, secret, pendingChange } (202 when the key waits for another admin)" } },
  { key: "POST /api/api-keys/[id]/revoke", tag: "API keys", summary: "Revoke an API key at once", ok: { status: 200, description: "{ apiKey }" } },
  { key: "POST /api/api-keys/[id]/roll", tag: "API keys", summary: "A new secret; the old one works for overlapMinutes more", input: { name: "RollApiKey", schema: rollApiKeySchema }, ok: { status: 200, description: "{ apiKey, secret }" } },
];
