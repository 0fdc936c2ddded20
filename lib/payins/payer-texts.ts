import type { PayerLang } from "./payer-language";

/**
 * Every word the payer's page shows, one dictionary per language (no i18n library: two languages, one page).
 * Functions take the values they put in a sentence. Thai first: most payers are in Thailand.
 */
export interface PayerTexts {
  pageTitle: string;
  paymentTo: (merchant: string) => string;
  payExactly: (pay: string, asked: string) => string;
  reference: string;
  waiting: string;
  preparing: string;
  timeLeft: string;
  timeOver: string;
  qrAlt: string;
  transferTo: string;
  bank: string;
  accountNumber: string;
  accountName: string;
  amount: string;
  checkAccountName: string;
  copyAccountNumber: string;
  copyAmount: string;
  copyLink: string;
  copied: string;
  copyFailed: string;
  openCashier: string;
  backToShop: string;
  final: Record<"SUCCESS" | "FAILED" | "EXPIRED" | "CANCELLED", { title: string; body: string }>;
  goneTitle: string;
  goneBody: string;
  goneWhatToDo: string;
  tooManyTitle: string;
  tooManyBody: string;
  language: string;
}

const th: PayerTexts = {
  pageTitle: "คำขอชำระเงิน",
  paymentTo: (m) => `ชำระเงินให้ ${m}`,
  payExactly: (pay, asked) => `โปรดชำระให้ตรงยอด ${pay} (ยอดที่เรียกเก็บคือ ${asked}) ธนาคารจะจับคู่การชำระเงินของคุณจากยอดนี้`,
  reference: "เลขอ้างอิง",
  waiting: "รอการชำระเงินของคุณ",
  preparing: "กำลังเตรียมการชำระเงิน…",
  timeLeft: "เวลาที่เหลือในการชำระเงิน:",
  timeOver: "หมดเวลาชำระเงินแล้ว",
  qrAlt: "คิวอาร์โค้ด Thai QR (พร้อมเพย์) สำหรับสแกนด้วยแอปธนาคารของคุณ",
  transferTo: "โอนเงินไปที่",
  bank: "ธนาคาร",
  accountNumber: "เลขที่บัญชี",
  accountName: "ชื่อบัญชี",
  amount: "จำนวนเงิน",
  checkAccountName: "ก่อนยืนยันการโอน โปรดตรวจสอบว่าแอปธนาคารของคุณแสดงชื่อบัญชีนี้",
  copyAccountNumber: "คัดลอกเลขที่บัญชี",
  copyAmount: "คัดลอกจำนวนเงิน",
  copyLink: "คัดลอกลิงก์ชำระเงิน",
  copied: "คัดลอกแล้ว",
  copyFailed: "โปรดเลือกข้อความแล้วคัดลอกเอง",
  openCashier: "เปิดหน้าชำระเงิน",
  backToShop: "กลับไปที่ร้านค้า",
  final: {
    SUCCESS: { title: "ชำระเงินแล้ว", body: "ได้รับการชำระเงินของคุณแล้ว ขอบคุณ" },
    FAILED: { title: "การชำระเงินไม่สำเร็จ", body: "การชำระเงินนี้ไม่สำเร็จ โปรดขอลิงก์ชำระเงินใหม่จากร้านค้า" },
    EXPIRED: { title: "หมดเวลาชำระเงิน", body: "หมดเวลาชำระเงินแล้ว โปรดขอลิงก์ชำระเงินใหม่จากร้านค้า" },
    CANCELLED: { title: "ยกเลิกแล้ว", body: "คำขอชำระเงินนี้ถูกยกเลิกแล้ว" },
  },
  goneTitle: "ลิงก์ชำระเงินนี้ใช้ไม่ได้แล้ว",
  goneBody: "ลิงก์นี้หมดอายุแล้ว หรือร้านค้าได้ส่งลิงก์ใหม่มาแทน จึงไม่สามารถชำระเงินผ่านลิงก์นี้ได้",
  goneWhatToDo: "โปรดติดต่อร้านค้าที่ส่งลิงก์นี้ให้คุณเพื่อขอลิงก์ชำระเงินใหม่ หากคุณชำระเงินผ่านลิงก์นี้ไปแล้ว โปรดแจ้งร้านค้าก่อนชำระเงินอีกครั้ง",
  tooManyTitle: "มีการเปิดหน้านี้บ่อยเกินไป",
  tooManyBody: "โปรดรอสักครู่ แล้วโหลดหน้านี้ใหม่",
  language: "ภาษา",
};

const en: PayerTexts = {
  pageTitle: "Payment request",
  paymentTo: (m) => `Payment to ${m}`,
  payExactly: (pay, asked) => `Pay exactly ${pay}: the amount asked was ${asked}, and the bank matches your payment by this exact amount.`,
  reference: "Reference",
  waiting: "Waiting for your payment",
  preparing: "Preparing your payment…",
  timeLeft: "Time left to pay:",
  timeOver: "The time to pay is over.",
  qrAlt: "Thai QR (PromptPay) code to scan with your banking app",
  transferTo: "Transfer to",
  bank: "Bank",
  accountNumber: "Account number",
  accountName: "Account name",
  amount: "Amount",
  checkAccountName: "Before you confirm, check that your banking app shows this account name.",
  copyAccountNumber: "Copy account number",
  copyAmount: "Copy amount",
  copyLink: "Copy payment link",
  copied: "Copied",
  copyFailed: "Select and copy by hand",
  openCashier: "Open the payment page",
  backToShop: "Back to the shop",
  final: {
    SUCCESS: { title: "Paid", body: "The payment was received. Thank you." },
    FAILED: { title: "Payment failed", body: "This payment did not go through. Ask the merchant for a new link." },
    EXPIRED: { title: "Expired", body: "The time to pay is over. Ask the merchant for a new link." },
    CANCELLED: { title: "Cancelled", body: "This payment request was cancelled." },
  },
  goneTitle: "This payment link no longer works",
  goneBody: "It has expired, or the shop replaced it with a new link. No payment can be made with it.",
  goneWhatToDo: "Ask the shop that sent you this link for a new payment link. If you already paid with it, tell the shop before you pay again.",
  tooManyTitle: "Too many requests",
  tooManyBody: "Wait a minute, then reload this page.",
  language: "Language",
};

export const PAYER_TEXTS: Record<PayerLang, PayerTexts> = { th, en };
