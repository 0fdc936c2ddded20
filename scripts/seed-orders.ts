/**
 * `npm run seed:orders -- 1000000`: that many orders (pay-outs and pay-ins) for support's search, written by
 * generate_series SQL. Into DATABASE_MIGRATION_URL or DATABASE_URL when set; otherwise into the embedded database
 * of DATA_DIR, which must be running (leave `npm start` up in another terminal), as its owner role.
 */
import path from "node:path";
import postgres from "postgres";
import { embeddedRoleUrls } from "@/db/prepare-database";
import { env } from "@/lib/env";
import { seedOrders } from "./lookup/seed-orders-sql";

const log = (m: string) => console.log(`[seed:orders] ${m}`);

async function main() {
  const count = Number(process.argv[2] ?? "1000000");
  if (!Number.isSafeInteger(count) || count < 1 || count > 20_000_000) throw new Error("give a count from 1 to 20000000");
  const e = env();
  const url = e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL ?? embeddedRoleUrls(path.resolve(e.DATA_DIR)).ownerUrl;
  const where = e.DATABASE_MIGRATION_URL || e.DATABASE_URL ? "DATABASE_URL's database" : `the embedded database in ${e.DATA_DIR}`;
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const t0 = performance.now();
  try {
    const out = await seedOrders(sql, count, log);
    log(`${out.payouts} pay-outs and ${out.payins} pay-ins (run tag ${out.tag}) into ${where} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await sql.end();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
