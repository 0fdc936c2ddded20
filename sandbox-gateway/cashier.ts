import "server-only";
import { eq } from "drizzle-orm";
import QRCode from "qrcode";
import type { GatewayContext } from "./context";
import { PROMPTPAY_PROXY, promptPayPayload } from "./promptpay";
import { gwOrders } from "./schema";
import { settleOrder } from "./settle-order";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The payer's page a pay-in's paymentUrl points to: amount, status and the PromptPay QR. */
export async function cashierPage(ctx: GatewayContext, tradeNo: string): Promise<{ status: number; html: string }> {
  const order = (await ctx.db.select().from(gwOrders).where(eq(gwOrders.tradeNo, tradeNo)))[0];
  if (!order || order.tradeType !== 1) return { status: 404, html: "<!doctype html><title>Not found</title><p>No such payment.</p>" };
  const qrText = order.paymentMethod === "QRPAY" ? promptPayPayload(PROMPTPAY_PROXY, Number(order.payAmount ?? order.amount).toFixed(2)) : null;
  const qr = qrText ? await QRCode.toDataURL(qrText) : null;
  return {
    status: 200,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>Pay ${esc(order.payAmount ?? order.amount)} ${esc(order.currency)}</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:40px auto;text-align:center">
<h1>Smilepayz sandbox cashier</h1>
<p>Order <b>${esc(order.orderNo)}</b></p>
<p style="font-size:28px">${esc(order.payAmount ?? order.amount)} ${esc(order.currency)}</p>
<p>Status: <b data-status>${esc(order.status)}</b></p>
${qr ? `<img alt="PromptPay QR" src="${qr}" width="260" height="260">` : `<p>Transfer to the account shown by your bank app.</p>`}
${
  order.finalAt
    ? ""
    : `<p style="color:#555;font-size:14px">Sandbox: act as the payer's bank.</p>
<form method="post" action="/cashier/${esc(order.tradeNo)}/pay" style="display:inline"><button type="submit" style="font-size:18px;padding:8px 20px">Pay ${esc(order.payAmount ?? order.amount)} ${esc(order.currency)}</button></form>
<form method="post" action="/cashier/${esc(order.tradeNo)}/fail" style="display:inline"><button type="submit" style="font-size:18px;padding:8px 20px">Fail the payment</button></form>`
}
</body></html>`,
  };
}

/**
 * The cashier's buttons: the payer pays (SUCCESS) or the payment fails, now. The order settles as any order does
 * (balances, the signed callback with retries); an order already final is left alone.
 */
export async function cashierAct(ctx: GatewayContext, tradeNo: string, act: "pay" | "fail"): Promise<boolean> {
  const order = (await ctx.db.select().from(gwOrders).where(eq(gwOrders.tradeNo, tradeNo)))[0];
  if (!order || order.tradeType !== 1) return false;
  await settleOrder(ctx, tradeNo, act === "pay" ? "SUCCESS" : "FAILED");
  return true;
}
