/**
 * The sandbox gateway's answer codes. Smilepayz publishes only "00" (success); the others are ours, each with a
 * human message, answered with HTTP 200 as Smilepayz does. The app shows code and message as they come.
 */
export const CODES = {
  ok: "00",
  badSignature: "01",
  badTimestamp: "02",
  unknownPartner: "03",
  invalidField: "04",
  duplicateOrder: "05",
  orderNotFound: "06",
  insufficientBalance: "07",
  badRequest: "08",
  forcedReject: "09",
} as const;
export type GatewayCode = (typeof CODES)[keyof typeof CODES];
