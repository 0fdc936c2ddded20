/** Smilepayz's published hosts. A credential picks one, or a custom base URL (such as a local sandbox gateway). */
export const ENVIRONMENTS = ["sandbox", "production", "custom"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const HOSTS: Record<Exclude<Environment, "custom">, string> = {
  sandbox: "https://sandbox-gateway.smilepayz.com",
  production: "https://gateway.smilepayz.com",
};

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  sandbox: "Sandbox",
  production: "Production",
  custom: "Custom URL",
};

export function baseUrlFor(environment: Environment, customBaseUrl: string | null | undefined): string | null {
  return environment === "custom" ? (customBaseUrl ?? null) : HOSTS[environment];
}

/** The hosts of HOSTS: the default gateway allow-list (GATEWAY_HOST_ALLOWLIST overrides it). */
export const DEFAULT_GATEWAY_HOSTS: readonly string[] = Object.values(HOSTS).map((u) => new URL(u).host);
