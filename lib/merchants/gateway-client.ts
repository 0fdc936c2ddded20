import "server-only";
import type { merchants } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createSmilepayzClient } from "@/lib/smilepayz/client";
import { keptAlivePost } from "@/lib/smilepayz/client/keep-alive-post";
import { baseUrlFor } from "@/lib/smilepayz/hosts";
import { gatewayUrlProblem } from "./gateway-url-policy";
import { parsePrivateKey } from "@/lib/smilepayz/keys";
import { merchantSecretAad, privateKeyAad } from "./secret-aad";

/**
 * The Smilepayz client for a stored credential. Secrets are decrypted here, in memory, and go nowhere else.
 * The base URL is checked again here (a row may predate the allow-list, or the list may have changed), and
 * redirects are not followed: an allowed host must not be able to send the request somewhere else. Calls go over
 * kept-alive connections, one agent per base URL (keep-alive-post.ts).
 */
export function gatewayClientFor(m: typeof merchants.$inferSelect) {
  const baseUrl = baseUrlFor(m.environment, m.customBaseUrl);
  if (!baseUrl) throw new AppError("invalid_input", "This credential has no base URL.");
  const problem = gatewayUrlProblem(baseUrl);
  if (problem) {
    const field = m.environment === "custom" ? "customBaseUrl" : "environment";
    throw new AppError("invalid_input", `This credential's base URL is not allowed: ${problem}. Edit the credential.`, { [field]: problem });
  }
  if (!m.privateKeyEnc) throw new AppError("invalid_input", "This credential has no private key yet: generate a key pair first.");
  const timeoutMs = env().GATEWAY_TIMEOUT_MS;
  // One client per credential as stored: decrypting and parsing the private key took a twentieth of a callback's
  // time (each callback's confirmation asks the gateway). Any change of the row's secrets, key, URL or the timeout
  // is another cache key, so an edited credential is never served by its old client.
  const key = [m.id, m.merchantId, baseUrl, m.merchantSecretEnc, m.privateKeyEnc, timeoutMs].join("\u0000");
  const hit = clients.get(key);
  if (hit) return hit;
  const client = createSmilepayzClient({
    baseUrl,
    merchantId: m.merchantId,
    merchantSecret: decryptSecret(m.merchantSecretEnc, merchantSecretAad(m.merchantId)),
    privateKey: parsedOnce(decryptSecret(m.privateKeyEnc, privateKeyAad(m.merchantId))),
    timeoutMs,
    transport: keptAlivePost,
  });
  if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
  clients.set(key, client);
  return client;
}

const MAX_CLIENTS = 200;
const clients = new Map<string, ReturnType<typeof createSmilepayzClient>>();

/** Parse the key once per client, not per call; an unreadable key stays text so the call reports it as not_sent. */
function parsedOnce(pem: string) {
  try {
    return parsePrivateKey(pem);
  } catch {
    return pem;
  }
}
