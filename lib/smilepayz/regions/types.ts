/**
 * A region is data: everything the forms, server validation, the HTTP client and the sandbox gateway
 * need to know about one Smilepayz region lives in one file that satisfies `Region`.
 * Pure module (no server-only): forms import it through lib/<domain>/schemas.ts.
 */

export type RegionCode = "TH" | "PH" | "BR" | "USDT";
export type Currency = "THB" | "PHP" | "BRL" | "USDT";

/** Result of a field check: null when fine, else a message a finance user can act on. */
export type FieldError = string | null;

export interface PayoutMethod {
  /** The wire `paymentMethod` (bank code, wallet code, PIX key type, or USDT). */
  code: string;
  /** What people call it: "Kasikornbank", "GCash" (lists, timelines, exports' words). */
  name: string;
  /** The form's option: the name with the code when it helps ("Kasikornbank (KBANK)"). */
  label: string;
  kind: "bank" | "ewallet" | "pix" | "crypto";
  /** What the `cashAccount` field is called in the form for this method. */
  accountLabel: string;
  accountPlaceholder?: string;
  /** Canonical form of what a person typed (trim, strip separators where the format allows). */
  normalizeAccount(raw: string): string;
  /** Check the normalized account / key / address. */
  validateAccount(normalized: string): FieldError;
}

/** What identifies a beneficiary in a pay-out (the form's and the API's fields; raw or normalized). */
export interface BeneficiaryFields {
  method: string;
  account: string;
  taxNumber?: string | null;
  network?: string | null;
}

export interface PayinMethod {
  code: string; // QRPAY, BANK
  /** What people call it ("Thai QR (PromptPay)"). */
  name: string;
  label: string;
  minAmount: bigint; // minor units
  maxAmount: bigint; // minor units
}

export interface AmountEncoding {
  /** How many decimal places the app stores (minor units per major unit = 10^minorDigits). */
  minorDigits: number;
  /** Smallest step a person may enter, in minor units (e.g. 100n for whole-baht-only). */
  stepMinor: bigint;
  /** Minor units (bigint, as stored) to the JSON number sent as `money.amount`. */
  toWire(minor: bigint): number;
  /** A wire `money.amount` back to minor units; null when it cannot be represented exactly. */
  fromWire(wire: number): bigint | null;
  /** The unit of the wire amount, said after it: "150050 centavos", "1500 baht". */
  wireUnit: string;
  /** One sentence shown in the UI: "sent to the gateway as …". */
  describe(minor: bigint): string;
  /**
   * People also type "." between thousands and "," before decimals (Brazil: 1.234,56). Both ways are read; an
   * amount they read differently ("6.000": six thousand, or six) is refused with both readings, never guessed.
   */
  decimalComma?: boolean;
}

export interface Region {
  code: RegionCode;
  name: string;
  currency: Currency;
  /** Offset of X-TIMESTAMP for this region, minutes east of UTC (+07:00 = 420). */
  utcOffsetMinutes: number;
  /** The region's local clock (IANA zone and a city people know), shown beside gateway times; none for USDT. */
  localTime: { zone: string; city: string } | null;
  /** orderNo prefix the app uses when it generates one (letters only). */
  orderNoPrefix: string;
  /** Legacy numeric `area` code; sent only when `sendArea` is true. */
  area: number;
  sendArea: boolean;
  amount: AmountEncoding;
  /** How people here write money, decided once for every page, list, export and message (lib/words/money.ts). */
  money: { format: "amount code" | "code amount" };
  /** Seconds an order usually stays PROCESSING before its callback: after that, reconciliation asks inquiry-status. */
  processingWindowS: number;
  payout: {
    methods: readonly PayoutMethod[];
    minAmount: bigint; // minor units
    maxAmount: bigint; // minor units
    /** `receiver.name` required (Philippines). */
    receiverName: boolean;
    /** `receiver.taxNumber` required (Brazil: CPF or CNPJ). */
    taxNumber: boolean;
    /** `network` required (USDT), with the allowed values. */
    networks: readonly string[] | null;
    /** Extra object sent as-is (Brazil: `additionalParam: {}`). */
    additionalParam: boolean;
    /** How to read and check `receiver.taxNumber` when `taxNumber` is true (Brazil: CPF or CNPJ). */
    taxNumberRule?: { label: string; normalize(raw: string): string; validate(normalized: string): FieldError };
    /** When `networks` is set: does this (normalized) account belong to the chosen network? */
    validateAccountForNetwork?(network: string, normalizedAccount: string): FieldError;
    /**
     * Who is paid, as one string, whatever the spelling: pay-outs with the same key count together toward the
     * approval threshold (24 hours) and are flagged as duplicates in runs. Pure, total (never throws). It may hold
     * a full account or tax number: mask it like the account and never send it where the account is masked.
     */
    beneficiaryKey(fields: BeneficiaryFields): string;
  };
  payin: {
    methods: readonly PayinMethod[];
    /** `payer{name, accountNo, bankName}` required. */
    payer: boolean;
    expiryPeriod: { defaultSeconds: number; maxSeconds: number } | null;
  } | null;
}
