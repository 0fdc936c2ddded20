import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { PLATFORM_PUBLIC } from "../helpers/fixtures";
import { Session, baseUrl, demoSecrets, roleSession } from "./helpers/app";
import { createCredentialApproved } from "./helpers/four-eyes";

/**
 * Secrets never leave their ciphertext: not in a database dump, not in an API response, not in the logs,
 * not in the browser bundle. The needles are the demo credential's secret and private key and a credential
 * this test creates with a secret and a PEM private key of its own.
 */
const own = {
  merchantId: `leak-${randomBytes(3).toString("hex")}`,
  secret: `S3cret-${randomBytes(12).toString("hex")}`,
  privateKeyPem: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
};
let admin: Session;
const responses: string[] = [];
/** Webhook signing secrets: given once (creation, roll) and otherwise never in a response, a log line or a dump. */
const webhookSecrets: string[] = [];
/** An API key's secret, shown once at creation: never stored, logged, audited or answered again. */
let keySecret = "";

/** Distinctive pieces of each secret: the whole value and 40-character slices of key bodies. */
function needles(): string[] {
  const d = demoSecrets();
  const ownDer = own.privateKeyPem.replace(/-----[^-]+-----|\s/g, "");
  const slices = (b64: string) => [b64.slice(100, 140), b64.slice(600, 640), b64.slice(1000, 1040)];
  const keyTail = keySecret.slice("spz_".length + 11); // the random part after spz_<10-char prefix>_
  return [...webhookSecrets, keySecret, keyTail, d.merchantSecret, own.secret, d.encryptionKey, d.nextauthSecret, ...slices(d.merchantPrivateKey), ...slices(d.platformPrivateKey), ...slices(ownDer)];
}

beforeAll(async () => {
  admin = await roleSession("admin");
  // A new credential waits for a second admin: requested, then approved, so its secrets are stored as a credential's.
  const { requested } = await createCredentialApproved(admin, {
    merchantId: own.merchantId,
    name: "Leak check",
    environment: "sandbox",
    merchantSecret: own.secret,
    privateKey: own.privateKeyPem,
    platformPublicKey: PLATFORM_PUBLIC,
    accounts: [],
    subMerchants: [],
  });
  responses.push(requested);
  const list = (await (await admin.fetch("/api/merchants")).json()) as { id: number }[];
  responses.push(JSON.stringify(list));
  // An API key, made and used once by Bearer (and once with a wrong secret of its prefix): its secret must not stay.
  const made = await admin.json("/api/api-keys", "POST", { name: "Leak check key", credentialIds: [list[0]?.id], scopes: ["orders:read"] });
  expect(made.status).toBe(201);
  keySecret = ((await made.json()) as { secret: string }).secret;
  expect(keySecret).toMatch(/^spz_[a-z2-7]{10}_[A-Za-z0-9_-]{43}$/);
  const wrong = `${keySecret.slice(0, "spz_".length + 11)}${"x".repeat(43)}`;
  for (const bearer of [keySecret, wrong]) responses.push(await (await fetch(`${baseUrl()}/api/orders`, { headers: { authorization: `Bearer ${bearer}` } })).text());
  responses.push(await (await admin.fetch("/api/api-keys")).text());
  for (const m of list) {
    responses.push(await (await admin.fetch(`/api/merchants/${m.id}`)).text());
    responses.push(await (await admin.fetch(`/api/merchants/${m.id}/public-key`)).text());
  }
  for (const p of ["/api/users", "/api/audit", "/api/audit/export", "/api/merchants/options", "/api/auth/session"]) {
    responses.push(await (await admin.fetch(p)).text());
  }
  // A webhook endpoint on the demo credential (a public https host: nothing listens, so deliveries fail and are
  // logged), its secret rolled: both secrets are needles, and neither the list, the log nor the export may show one.
  const demoId = list.find((m) => m.id)?.id;
  const endpoint = (await (await admin.fetch("/api/webhook-endpoints", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ credentialId: demoId, url: "https://webhooks.example.com/leak-check", events: ["payout.succeeded", "payout.failed"] }) })).json()) as { endpoint: { id: number }; secret: string };
  webhookSecrets.push(endpoint.secret);
  const rolled = (await (await admin.fetch(`/api/webhook-endpoints/${endpoint.endpoint.id}/roll-secret`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json()) as { secret: string };
  webhookSecrets.push(rolled.secret);
  expect(webhookSecrets.every((w) => /^whsec_/.test(w))).toBe(true);
  for (const p of ["/api/webhook-endpoints", `/api/webhook-endpoints/${endpoint.endpoint.id}/deliveries`, "/api/audit", "/api/audit/export"]) responses.push(await (await admin.fetch(p)).text());
  const finance = await roleSession("finance");
  responses.push(await (await finance.fetch("/api/orders")).text());
});

describe("no secret leaves its ciphertext", () => {
  it("a dump of every table in every schema holds no plaintext secret or private key", async () => {
    const tables = await getDb().execute<{ s: string; t: string }>(
      sql`select table_schema as s, table_name as t from information_schema.tables
           where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    let dump = "";
    for (const { s, t } of tables) {
      const rows = await getDb().execute<{ r: string }>(sql.raw(`select t::text as r from "${s}"."${t}" t`));
      dump += rows.map((r) => r.r).join("\n");
    }
    expect(dump.length).toBeGreaterThan(10_000);
    expect(dump).toContain(own.merchantId); // the dump is real: the credential is in it
    for (const n of needles()) expect(dump).not.toContain(n);
    expect(dump).not.toMatch(/BEGIN (RSA )?PRIVATE KEY/);
  });

  it("no API response carries a secret or key material", () => {
    const all = responses.join("\n");
    expect(all).toContain(own.merchantId);
    for (const n of needles()) expect(all).not.toContain(n);
    expect(all).not.toMatch(/PRIVATE KEY/);
    expect(all).not.toMatch(/v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/); // not even ciphertext
    expect(all).not.toMatch(/\$argon2id\$/);
  });

  it("no log line carries a secret", () => {
    const log = readFileSync(inject("logFile"), "utf8");
    expect(log).toContain("sandbox gateway");
    for (const n of needles()) expect(log).not.toContain(n);
  });

  it("the built browser bundle (.next/static) holds no key material or secret", () => {
    const dir = path.resolve(__dirname, "../../.next/static");
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    const bundle = files.map((f) => readFileSync(f, "utf8")).join("\n");
    for (const n of needles()) expect(bundle).not.toContain(n);
    expect(bundle).not.toMatch(/BEGIN (RSA )?PRIVATE KEY|APP_ENCRYPTION_KEY|NEXTAUTH_SECRET|DATABASE_URL/);
    expect(bundle).not.toContain("server-only"); // server modules did not reach the client
  });
});
