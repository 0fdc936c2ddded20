import postgres from "postgres";
import { startEmbeddedPostgres } from "./embedded";

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** The embedded PostgreSQL's programs and cluster folder, when embedded. */
  where?: string;
  stop(): Promise<void>;
}

/** Make sure a database exists on the server behind `serverUrl`; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const sql = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * DATABASE_URL when given; otherwise an embedded PostgreSQL under dataDir with a `smilepayz` database.
 * Everything after this point is the same code path.
 */
export async function resolveDatabaseUrl(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  log?: (m: string) => void;
  /** Ports the caller's own servers were given and have not bound yet: the embedded server takes none of them. */
  avoidPorts?: readonly number[];
}): Promise<ResolvedDatabase> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log, avoidPorts: opts.avoidPorts });
  const url = await ensureDatabase(pg.url, "smilepayz");
  return { url, embedded: true, where: pg.where, stop: pg.stop };
}
