import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { dropRoles, provisionRoles } from "./roles";

export interface ScratchDatabase {
  name: string;
  /** The owner role (migrations, fixtures) and the app's least-privilege role, as in production. */
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

/**
 * A throw-away database with its own owner and app roles on a local server (the browser suite, the benches).
 * Refuses a server that is not on this machine; `drop()` removes the database and both roles.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const host = new URL(serverUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`refusing a non-local database (${host})`);
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const roles = { owner: `${name}_owner`, app: `${name}_app` };
  const { ownerUrl, appUrl } = await provisionRoles(u.toString(), roles, {
    owner: randomBytes(16).toString("hex"),
    app: randomBytes(16).toString("hex"),
  });
  return {
    name,
    ownerUrl,
    appUrl,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await dropRoles(serverUrl, roles).catch(() => undefined);
      await admin.end({ timeout: 5 });
    },
  };
}
