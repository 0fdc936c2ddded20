import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";

export interface Health {
  ok: boolean;
  database: "up" | "down";
  migrations: number;
}

/** Liveness for load balancers and the CI boot check: the database answers and migrations are applied. */
export async function checkHealth(): Promise<Health> {
  try {
    const db = getDb();
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const n = Number(rows[0]?.n ?? 0);
    return { ok: n > 0, database: "up", migrations: n };
  } catch {
    return { ok: false, database: "down", migrations: 0 };
  }
}
