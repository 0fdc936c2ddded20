import "server-only";
import type { Region } from "../regions/types";
import {
  PATHS,
  inquiryBalanceResponse,
  inquiryStatusResponse,
  payInResponse,
  payOutResponse,
  type InquiryStatusRequest,
  type PayInRequest,
  type PayOutRequest,
} from "../wire";
import { send, type ClientConfig } from "./send";

export type { CallOutcome, CallRecord } from "./outcome";
export type { ClientConfig } from "./send";

/** The Smilepayz v2.0 client for one merchant credential. Every method resolves to a CallOutcome. */
export function createSmilepayzClient(cfg: ClientConfig) {
  return {
    payOut: (region: Region, body: PayOutRequest) => send(cfg, region, PATHS.payOut, body, payOutResponse),
    payIn: (region: Region, body: PayInRequest) => send(cfg, region, PATHS.payIn, body, payInResponse),
    inquiryStatus: (region: Region, body: InquiryStatusRequest) =>
      send(cfg, region, PATHS.inquiryStatus, body, inquiryStatusResponse),
    inquiryBalance: (region: Region, body: { accountNo: string }) =>
      send(cfg, region, PATHS.inquiryBalance, { accountNo: body.accountNo, balanceTypes: ["BALANCE"] }, inquiryBalanceResponse),
  };
}
export type SmilepayzClient = ReturnType<typeof createSmilepayzClient>;
