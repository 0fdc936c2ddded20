/** Words for people: one module for status words, method names, money, date-time and timeline sentences. Pure. */
export { formatDateTime, formatUtc, viewerTimeZone, withViewerZone } from "./date-time";
export { methodName, methodOptions, payinMethodOptions } from "./methods";
export { amountExample, formatMoney, formatMoneyNumber, formatWireAmount } from "./money";
export { PAYIN_STATUS_WORDS, PAYOUT_STATUS_WORDS, statusMeaning, statusOptions, statusTone, statusWord } from "./statuses";
export { callbackSentence, eventSentence, sourceWord } from "./timeline";
