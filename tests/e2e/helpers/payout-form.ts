import type { Page } from "playwright-core";

export interface PayoutFormFill {
  region: "TH" | "PH" | "BR" | "USDT";
  method?: string;
  network?: string;
  account: string;
  amount: string;
  purpose: string;
  receiverName?: string;
  taxNumber?: string;
  orderNo?: string;
}

/** Valid beneficiaries per region (checked by the region files' own rules). */
export const SAMPLE: Record<PayoutFormFill["region"], Omit<PayoutFormFill, "amount" | "purpose">> = {
  TH: { region: "TH", method: "KBANK", account: "123-4-56789-0" },
  PH: { region: "PH", method: "GCASH", account: "0917 123 4567", receiverName: "Juan Dela Cruz" },
  BR: { region: "BR", method: "CPF", account: "123.456.789-09", taxNumber: "123.456.789-09" },
  USDT: { region: "USDT", network: "TRC20", account: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t" },
};
export const BAD = {
  cpf: "123.456.789-00",
  bep20: "0x55D398326f99059fF775485246999027B3197955", // one letter's case flipped: the checksum fails
  thai33: "1".repeat(33),
};

/** Fill /payouts/new like a person: credential (the first, or the one whose label contains `credential`), region, fields. */
export async function fillPayoutForm(page: Page, f: PayoutFormFill, credential?: string): Promise<void> {
  const cred = page.locator("#credentialId");
  await page.locator("#credentialId option:nth-child(2)").waitFor({ state: "attached", timeout: 20_000 });
  if (credential) {
    const label = await cred.locator("option", { hasText: credential }).first().textContent();
    await cred.selectOption({ label: label ?? credential });
  } else await cred.selectOption({ index: 1 });
  await page.locator("#region").selectOption(f.region);
  if (f.network) await page.locator("#network").selectOption(f.network);
  if (f.method && f.region !== "USDT") await page.locator("#method").selectOption(f.method);
  await page.locator("#account").fill(f.account);
  if (f.receiverName !== undefined) await page.locator("#receiverName").fill(f.receiverName);
  if (f.taxNumber !== undefined) await page.locator("#taxNumber").fill(f.taxNumber);
  await page.locator("#amount").fill(f.amount);
  await page.locator("#purpose").fill(f.purpose);
  if (f.orderNo) await page.locator("#orderNo").fill(f.orderNo);
}

export async function fieldError(page: Page, id: string): Promise<string> {
  const el = page.locator(`[data-field-error="${id}"]`).first();
  await el.waitFor({ timeout: 10_000 });
  return (await el.textContent()) ?? "";
}
