import { z } from "zod";

/**
 * Shapes of the v2.0 wire messages, shared by the client (what it sends, how it reads answers) and the sandbox
 * gateway (how it reads requests). Responses are read leniently (`looseObject`): the gateway may add fields.
 */

export const PATHS = {
  payOut: "/v2.0/disbursement/pay-out",
  payIn: "/v2.0/transaction/pay-in",
  inquiryStatus: "/v2.0/inquiry-status",
  inquiryBalance: "/v2.0/inquiry-balance",
} as const;

export const money = z.object({ currency: z.string(), amount: z.number() });
export const merchantRef = z.object({
  merchantId: z.string(),
  merchantName: z.string().optional(),
  subMerchantId: z.string().optional(),
  subMerchantName: z.string().optional(),
});

export const payOutRequest = z.object({
  orderNo: z.string(),
  purpose: z.string(),
  merchant: merchantRef,
  money,
  paymentMethod: z.string(),
  cashAccount: z.string(),
  receiver: z.object({ name: z.string().optional(), taxNumber: z.string().optional() }).optional(),
  network: z.string().optional(),
  additionalParam: z.record(z.string(), z.unknown()).optional(),
  area: z.number().optional(),
  callbackUrl: z.string().optional(),
});
export type PayOutRequest = z.infer<typeof payOutRequest>;

export const payInRequest = z.object({
  orderNo: z.string(),
  purpose: z.string(),
  merchant: merchantRef,
  money,
  paymentMethod: z.string(),
  payer: z.object({ name: z.string(), accountNo: z.string(), bankName: z.string() }).optional(),
  expiryPeriod: z.number().optional(),
  area: z.number().optional(),
  callbackUrl: z.string().optional(),
  redirectUrl: z.string().optional(),
});
export type PayInRequest = z.infer<typeof payInRequest>;

export const inquiryStatusRequest = z.object({
  tradeType: z.union([z.literal(1), z.literal(2)]),
  orderNo: z.string().optional(),
  tradeNo: z.string().optional(),
});
export type InquiryStatusRequest = z.infer<typeof inquiryStatusRequest>;

export const inquiryBalanceRequest = z.object({
  accountNo: z.string(),
  balanceTypes: z.array(z.string()),
});
export type InquiryBalanceRequest = z.infer<typeof inquiryBalanceRequest>;

/** Every answer has code and message; the rest depends on the call. */
export const baseResponse = z.looseObject({ code: z.string(), message: z.string().optional().default("") });

export const payOutResponse = baseResponse.extend({
  orderNo: z.string().optional(),
  tradeNo: z.string().optional(),
  status: z.string().optional(),
  disbursementTime: z.string().optional(),
});

export const payInResponse = baseResponse.extend({
  orderNo: z.string().optional(),
  tradeNo: z.string().optional(),
  status: z.string().optional(),
  money: z.looseObject({ currency: z.string(), amount: z.number(), payAmount: z.number().optional() }).optional(),
  channel: z
    .looseObject({
      paymentMethod: z.string().optional(),
      paymentUrl: z.string().optional(),
      qrString: z.string().optional(),
      receiverBankName: z.string().optional(),
      vaNumber: z.string().optional(),
      // ASSUMPTION: confirm with Smilepayz — the pay-in docs list no holder name; `accountName` is the pay-out
      // channel's word for it. Kept when sent, so the payer sees whose account they transfer to.
      accountName: z.string().optional(),
    })
    .optional(),
  transactionTime: z.string().optional(),
});

export const inquiryStatusResponse = baseResponse.extend({
  tradeNo: z.string().optional(),
  tradeType: z.number().optional(),
  paymentMethod: z.string().optional(),
  money: z.looseObject({ currency: z.string(), amount: z.number() }).optional(),
  status: z.string().optional(),
  remark: z.string().optional(),
});

const amountValue = z.looseObject({ currency: z.string(), value: z.union([z.string(), z.number()]) });
export const inquiryBalanceResponse = baseResponse.extend({
  accountNo: z.string().optional(),
  name: z.string().optional(),
  accountInfos: z
    .array(z.looseObject({ balanceType: z.string(), amount: amountValue, availableBalance: amountValue.optional() }))
    .optional(),
});

export const callbackBody = z.looseObject({
  orderNo: z.string(),
  tradeNo: z.string(),
  merchantId: z.string().optional(),
  merchantName: z.string().optional(),
  subMerchantId: z.string().optional(),
  subMerchantName: z.string().optional(),
  paymentMethod: z.string().optional(),
  transactionTime: z.string().optional(),
  status: z.string(),
  money: z.looseObject({ currency: z.string(), amount: z.number(), payAmount: z.number().optional() }),
  payer: z.unknown().optional(),
});
export type CallbackBody = z.infer<typeof callbackBody>;
