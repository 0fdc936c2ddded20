import "server-only";
import type { Environment } from "@/lib/smilepayz/hosts";
import { isSandboxGatewayUrl } from "./gateway-url-policy";

/**
 * Does this credential reach the sandbox gateway this deployment started itself? Decided from the deployment's
 * own knowledge (isSandboxGatewayUrl), never from anything the gateway says; the badge then reads "Sandbox (bundled)".
 */
export function isBundledSandbox(m: { environment: Environment; customBaseUrl: string | null }): boolean {
  return m.environment === "custom" && m.customBaseUrl !== null && isSandboxGatewayUrl(m.customBaseUrl);
}
