/**
 * EMVCo merchant-presented QR payload for Thai PromptPay (the string a banking app scans), with the amount.
 * Tags: 00 format, 01 point of initiation (12 = dynamic, one amount), 29 PromptPay merchant account
 * (AID A000000677010111 + proxy), 53 currency 764 (THB), 54 amount, 58 country TH, 63 CRC16-CCITT (0x1021,
 * init 0xFFFF) over everything before it including "6304".
 */
function tlv(tag: string, value: string): string {
  return `${tag}${String(value.length).padStart(2, "0")}${value}`;
}

export function crc16ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** proxy: a Thai mobile (0812345678 -> 0066812345678, sub-tag 01) or a 13-digit tax id (sub-tag 02). */
export function promptPayPayload(proxy: string, amount?: string): string {
  const digits = proxy.replace(/\D/g, "");
  const account =
    digits.length === 13
      ? tlv("02", digits)
      : tlv("01", `0066${digits.replace(/^0/, "")}`.padStart(13, "0"));
  const body = [
    tlv("00", "01"),
    tlv("01", amount ? "12" : "11"),
    tlv("29", tlv("00", "A000000677010111") + account),
    tlv("53", "764"),
    amount ? tlv("54", amount) : "",
    tlv("58", "TH"),
  ].join("");
  const withCrcTag = `${body}6304`;
  return withCrcTag + crc16ccitt(withCrcTag);
}

/** The sandbox's own (fictional) PromptPay mobile proxy that its QR codes pay to. */
export const PROMPTPAY_PROXY = "0812345678";
