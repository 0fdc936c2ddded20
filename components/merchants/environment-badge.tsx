import type { Environment } from "@/lib/smilepayz/hosts";

/**
 * Production is red everywhere it appears, so nobody pays out of production by mistake. A custom URL that is the
 * sandbox gateway this deployment runs (the server decides: `bundledSandbox`) reads "Sandbox (bundled)".
 */
export function EnvironmentBadge({ environment, bundledSandbox = false }: { environment: Environment; bundledSandbox?: boolean }) {
  const style =
    environment === "production"
      ? "bg-prod text-white ring-prod"
      : environment === "sandbox" || bundledSandbox
        ? "bg-sky-100 text-sky-800 ring-sky-300"
        : "bg-amber-100 text-amber-900 ring-amber-300";
  const label = environment === "production" ? "PRODUCTION" : environment === "sandbox" ? "Sandbox" : bundledSandbox ? "Sandbox (bundled)" : "Custom";
  return (
    <span
      data-testid="environment-badge"
      data-environment={bundledSandbox ? "bundled-sandbox" : environment}
      className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-semibold ring-1 ${style}`}
    >
      {label}
    </span>
  );
}
