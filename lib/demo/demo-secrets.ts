import "server-only";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/env";
import { parsePrivateKey, parsePublicKey, privateKeyToBase64Der, publicKeyOf, publicKeyToBase64Der } from "@/lib/smilepayz/keys";

/**
 * Secrets of the local demo set-up: the encryption key, the session secret, the demo merchant's id, secret and
 * RSA pair, the sandbox gateway's platform pair and its control token. Each comes from the environment when
 * given; otherwise it is generated once and kept in DATA_DIR/demo-secrets.json (mode 0600, git-ignored) so
 * restarts keep working.
 */
export interface DemoSecrets {
  encryptionKey: string;
  nextauthSecret: string;
  merchantId: string;
  merchantSecret: string;
  merchantPrivateKey: string; // Base64 DER PKCS#8
  merchantPublicKey: string; // Base64 DER SPKI
  platformPrivateKey: string;
  platformPublicKey: string;
  /** Bearer token of the sandbox gateway's control API. */
  gatewayToken: string;
}

function rsaPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey: privateKeyToBase64Der(privateKey), publicKey: publicKeyToBase64Der(publicKey) };
}

export function loadDemoSecrets(e: Env): DemoSecrets {
  const file = path.join(e.DATA_DIR, "demo-secrets.json");
  let kept: Partial<DemoSecrets> = {};
  if (existsSync(file)) kept = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoSecrets>;

  const merchantPair =
    kept.merchantPrivateKey && kept.merchantPublicKey
      ? { privateKey: kept.merchantPrivateKey, publicKey: kept.merchantPublicKey }
      : rsaPair();
  const platformPair =
    kept.platformPrivateKey && kept.platformPublicKey
      ? { privateKey: kept.platformPrivateKey, publicKey: kept.platformPublicKey }
      : rsaPair();

  const generated: DemoSecrets = {
    encryptionKey: kept.encryptionKey ?? randomBytes(32).toString("base64"),
    nextauthSecret: kept.nextauthSecret ?? randomBytes(32).toString("base64url"),
    merchantId: kept.merchantId ?? `sandbox-${20000 + randomBytes(2).readUInt16BE(0) % 9000}`,
    merchantSecret: kept.merchantSecret ?? randomBytes(32).toString("hex"),
    merchantPrivateKey: merchantPair.privateKey,
    merchantPublicKey: merchantPair.publicKey,
    platformPrivateKey: platformPair.privateKey,
    platformPublicKey: platformPair.publicKey,
    gatewayToken: kept.gatewayToken ?? randomBytes(24).toString("base64url"),
  };
  mkdirSync(e.DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });

  // Environment overrides win over what is kept, without being written to disk.
  const out: DemoSecrets = {
    ...generated,
    encryptionKey: e.APP_ENCRYPTION_KEY ?? generated.encryptionKey,
    nextauthSecret: e.NEXTAUTH_SECRET ?? generated.nextauthSecret,
    merchantId: e.DEMO_MERCHANT_ID ?? generated.merchantId,
    merchantSecret: e.DEMO_MERCHANT_SECRET ?? generated.merchantSecret,
    gatewayToken: e.SANDBOX_GATEWAY_TOKEN ?? generated.gatewayToken,
  };
  if (e.DEMO_MERCHANT_PRIVATE_KEY) {
    const key = parsePrivateKey(e.DEMO_MERCHANT_PRIVATE_KEY);
    out.merchantPrivateKey = privateKeyToBase64Der(key);
    out.merchantPublicKey = publicKeyToBase64Der(publicKeyOf(key));
  }
  if (e.DEMO_PLATFORM_PRIVATE_KEY) {
    const key = parsePrivateKey(e.DEMO_PLATFORM_PRIVATE_KEY);
    out.platformPrivateKey = privateKeyToBase64Der(key);
    out.platformPublicKey = publicKeyToBase64Der(publicKeyOf(key));
  }
  if (e.DEMO_PLATFORM_PUBLIC_KEY) {
    // An outside gateway's platform key: the app verifies callbacks with it; the local gateway cannot sign for it.
    out.platformPublicKey = publicKeyToBase64Der(parsePublicKey(e.DEMO_PLATFORM_PUBLIC_KEY));
  }
  return out;
}
