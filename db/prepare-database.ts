import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "./migrate";
import { grantAppRole, provisionRoles, type RoleNames } from "./roles";

export interface PreparedDatabase {
  /** What requests and jobs connect as (DATABASE_URL of the app). */
  appUrl: string;
  /** What migrations and the sandbox gateway connect as. */
  ownerUrl: string;
  roles: "separate" | "single";
}

/** Passwords of the embedded default's roles, generated once and kept beside the cluster (mode 0600). */
export function rolePasswords(dataDir: string): { owner: string; app: string } {
  const file = path.join(dataDir, "db-roles.json");
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { owner?: string; app?: string }) : {};
  const out = { owner: kept.owner ?? randomBytes(24).toString("hex"), app: kept.app ?? randomBytes(24).toString("hex") };
  writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  return out;
}

const DEFAULT_ROLES: RoleNames = { owner: "smilepayz_owner", app: "smilepayz_app" };

/**
 * The embedded default's role URLs, read from what `npm start` keeps in DATA_DIR (the port it chose and the role
 * passwords), for tools that work beside a running demo: the browser suite's fixtures use the owner role.
 */
export function embeddedRoleUrls(dataDir: string): { ownerUrl: string; appUrl: string } {
  const port = readFileSync(path.join(dataDir, "postgres.port"), "utf8").trim();
  const pw = JSON.parse(readFileSync(path.join(dataDir, "db-roles.json"), "utf8")) as { owner: string; app: string };
  const url = (role: string, password: string) => `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/smilepayz`;
  return { ownerUrl: url(DEFAULT_ROLES.owner, pw.owner), appUrl: url(DEFAULT_ROLES.app, pw.app) };
}

/**
 * Roles, migrations and grants, in that order. With a superuser URL (the embedded default, the test harness)
 * the owner and app roles are created first; with DATABASE_URL + DATABASE_MIGRATION_URL (a deployment) they
 * already exist; with DATABASE_URL alone, one role does both (the log says so).
 */
export async function prepareDatabase(opts: {
  superUrl?: string;
  roles?: RoleNames;
  passwords?: { owner: string; app: string };
  appUrl?: string;
  migrationUrl?: string;
  installJobs?: (ownerUrl: string) => Promise<void>;
}): Promise<PreparedDatabase> {
  let ownerUrl: string;
  let appUrl: string;
  if (opts.superUrl) {
    const roles = opts.roles ?? DEFAULT_ROLES;
    const urls = await provisionRoles(opts.superUrl, roles, opts.passwords ?? { owner: randomBytes(24).toString("hex"), app: randomBytes(24).toString("hex") });
    ownerUrl = urls.ownerUrl;
    appUrl = urls.appUrl;
  } else if (opts.appUrl) {
    appUrl = opts.appUrl;
    ownerUrl = opts.migrationUrl ?? opts.appUrl;
  } else {
    throw new Error("prepareDatabase needs a superuser URL or DATABASE_URL");
  }
  await migrateDatabase(ownerUrl);
  await opts.installJobs?.(ownerUrl);
  const separate = ownerUrl !== appUrl;
  if (separate) await grantAppRole(ownerUrl, decodeURIComponent(new URL(appUrl).username));
  return { appUrl, ownerUrl, roles: separate ? "separate" : "single" };
}
