/** What the balance reads return (components import these with `import type`). Money: minor units + display. */
export interface BalanceLineView {
  currency: string;
  kind: "payin" | "payout";
  /** Last four characters only. */
  accountHint: string;
  ok: boolean;
  /** Minor units as decimal strings (the available balance is the balance when the gateway gives none). */
  balanceMinor: string | null;
  availableMinor: string | null;
  balanceDisplay: string | null;
  availableDisplay: string | null;
  message: string | null;
  /** When the gateway was asked: the pages show the answer's age ("updated 12 s ago"). */
  checkedAt: string;
}

export interface CredentialBalances {
  credentialId: number;
  name: string;
  environment: "sandbox" | "production" | "custom";
  /** The credential points at the sandbox gateway this deployment runs (its badge says "Sandbox (bundled)"). */
  bundledSandbox: boolean;
  lines: BalanceLineView[];
}
