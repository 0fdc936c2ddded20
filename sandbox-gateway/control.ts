import "server-only";
import { createHash } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { parsePublicKey, publicKeyOf, publicKeyToBase64Der } from "@/lib/smilepayz/keys";
import { REGIONS } from "@/lib/smilepayz/regions";
import { majorToBalanceUnits } from "./balance-units";
import type { GatewayContext } from "./context";
import { fateSchema } from "./fate";
import { gwAccounts, gwCallbackAttempts, gwMerchants, gwOrders, gwScenarios } from "./schema";
import { sealSecret } from "./secret-store";
import { settleOrder } from "./settle-order";

/** The control API: what the Smilepayz merchant backend and a tester would do by hand. JSON in, JSON out. */
export type ControlResult = { status: number; body: unknown; type?: string };

const merchantInput = z.object({
  merchantSecret: z.string().min(1).max(256),
  publicKey: z.string().min(1).max(8_000),
  name: z.string().max(100).optional(),
});

/** 16 digits, stable per merchant, currency and kind: Smilepayz back-office account numbers are digits. */
export function accountNoFor(merchantId: string, currency: string, kind: "payin" | "payout"): string {
  const hash = createHash("sha256").update(`${merchantId}|${currency}|${kind}`).digest();
  return (hash.readBigUInt64BE(0) % 10n ** 16n).toString().padStart(16, "0");
}

export async function registerMerchant(ctx: GatewayContext, merchantId: string, raw: unknown): Promise<ControlResult> {
  const input = merchantInput.safeParse(raw);
  if (!input.success || !/^[A-Za-z0-9_-]{1,64}$/.test(merchantId)) return { status: 400, body: { error: "merchantSecret and publicKey are required" } };
  let publicKey: string;
  try {
    publicKey = publicKeyToBase64Der(parsePublicKey(input.data.publicKey));
  } catch {
    return { status: 400, body: { error: "publicKey is not an RSA public key (PEM or Base64 DER SPKI)" } };
  }
  const merchantSecret = sealSecret(ctx.platformKey, input.data.merchantSecret);
  const values = { merchantId, name: input.data.name ?? merchantId, merchantSecret, publicKey, updatedAt: ctx.now() };
  await ctx.db.insert(gwMerchants).values(values).onConflictDoUpdate({ target: gwMerchants.merchantId, set: values });
  const accounts = REGIONS.flatMap((r) =>
    (["payin", "payout"] as const).map((kind) => ({
      accountNo: accountNoFor(merchantId, r.currency, kind),
      merchantId,
      currency: r.currency,
      kind,
      balance: majorToBalanceUnits(ctx.openingBalance),
    })),
  );
  // An account opened under an older numbering keeps its balance and takes the current (digit) number.
  await ctx.db
    .insert(gwAccounts)
    .values(accounts)
    .onConflictDoUpdate({ target: [gwAccounts.merchantId, gwAccounts.currency, gwAccounts.kind], set: { accountNo: sql`excluded.account_no` } });
  return { status: 200, body: { merchantId, accounts: accounts.map(({ accountNo, currency, kind }) => ({ accountNo, currency, kind })) } };
}

export function platformPublicKey(ctx: GatewayContext): ControlResult {
  return { status: 200, body: publicKeyToBase64Der(publicKeyOf(ctx.platformKey)), type: "text/plain" };
}

const scenarioInput = z.object({
  merchantId: z.string().optional(),
  orderNo: z.string().optional(),
  count: z.number().int().min(1).max(1000).default(1),
  fate: fateSchema.default(fateSchema.parse({})),
});

export async function addScenario(ctx: GatewayContext, raw: unknown): Promise<ControlResult> {
  const input = scenarioInput.safeParse(raw);
  if (!input.success) return { status: 400, body: { error: input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") } };
  const [row] = await ctx.db
    .insert(gwScenarios)
    .values({ merchantId: input.data.merchantId ?? null, orderNo: input.data.orderNo ?? null, remaining: input.data.count, fate: input.data.fate })
    .returning({ id: gwScenarios.id });
  return { status: 201, body: { id: row?.id } };
}

/** Drops queued scenarios: one merchant's, or all of them. */
export async function clearScenarios(ctx: GatewayContext, merchantId: string | null = null): Promise<ControlResult> {
  const which = merchantId === null ? eq(gwScenarios.remaining, gwScenarios.remaining) : eq(gwScenarios.merchantId, merchantId);
  await ctx.db.delete(gwScenarios).where(which);
  return { status: 200, body: { ok: true } };
}

export async function decideFate(ctx: GatewayContext, tradeNo: string, raw: unknown): Promise<ControlResult> {
  const input = z.object({ outcome: z.enum(["SUCCESS", "FAILED", "EXPIRED"]) }).safeParse(raw);
  if (!input.success) return { status: 400, body: { error: "outcome must be SUCCESS, FAILED or EXPIRED" } };
  const done = await settleOrder(ctx, tradeNo, input.data.outcome);
  return done ? { status: 200, body: { ok: true } } : { status: 409, body: { error: "no such order, or it is already final" } };
}

export async function readOrder(ctx: GatewayContext, key: string): Promise<ControlResult> {
  const order =
    (await ctx.db.select().from(gwOrders).where(eq(gwOrders.tradeNo, key)))[0] ??
    (await ctx.db.select().from(gwOrders).where(eq(gwOrders.orderNo, key)).orderBy(desc(gwOrders.createdAt)))[0];
  if (!order) return { status: 404, body: { error: "not found" } };
  const attempts = await ctx.db.select().from(gwCallbackAttempts).where(eq(gwCallbackAttempts.tradeNo, order.tradeNo)).orderBy(gwCallbackAttempts.id);
  return { status: 200, body: { order, callbackAttempts: attempts } };
}
