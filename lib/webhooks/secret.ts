import "server-only";
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

/** A new signing secret: shown once, stored only encrypted. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/** AAD binding a ciphertext to its endpoint and column (pasted into another row it does not decrypt). */
const aad = (endpointId: number, column: "secret" | "previous_secret") => `webhook_endpoints:${endpointId}:${column}`;

export const sealSecret = (endpointId: number, secret: string, column: "secret" | "previous_secret" = "secret") => encryptSecret(secret, aad(endpointId, column));
export const openSecret = (endpointId: number, stored: string, column: "secret" | "previous_secret" = "secret") => decryptSecret(stored, aad(endpointId, column));
