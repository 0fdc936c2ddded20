import "server-only";
import { cookies, headers } from "next/headers";
import { PAYER_LANG_COOKIE, PAYER_LANG_HEADER, pickPayerLang, type PayerLang } from "./payer-language";

/** The language of this request's payer page: the switch, else the cookie, else the browser's languages. */
export async function requestPayerLang(): Promise<PayerLang> {
  const h = await headers();
  const c = await cookies();
  return pickPayerLang({ chosen: h.get(PAYER_LANG_HEADER), cookie: c.get(PAYER_LANG_COOKIE)?.value, acceptLanguage: h.get("accept-language") });
}
