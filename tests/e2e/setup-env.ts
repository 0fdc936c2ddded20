import { readFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// Test workers talk to the same database and use the same encryption key as the app under test.
const secrets = JSON.parse(readFileSync(path.join(inject("dataDir"), "demo-secrets.json"), "utf8")) as {
  encryptionKey: string;
  nextauthSecret: string;
};
process.env.DATABASE_URL = inject("e2eDatabaseUrl");
process.env.APP_ENCRYPTION_KEY = secrets.encryptionKey;
process.env.NEXTAUTH_SECRET = secrets.nextauthSecret;
