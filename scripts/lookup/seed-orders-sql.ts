import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { REGIONS } from "@/lib/smilepayz/regions";

const FIRST = ["João", "José", "Maria", "Ana", "Zoë", "Chloé", "Somchai", "Nattaya", "Juan", "Andrés", "Sofía", "Mónica",
  "Ramón", "Ángel", "Lucía", "Hélène", "François", "Renée", "Jürgen", "Søren", "Siriporn", "Kittisak", "Malai", "Pedro",
  "Camila", "Mateus", "Gabriel", "Larissa", "Thiago", "Beatriz", "Cristina", "Mark", "Joy", "Paolo", "Rhea", "Jomar",
  "Tuấn", "Linh", "Đức", "Ngọc", "Wei", "Chen", "Ali", "Fatimah", "Ayşe", "Çağrı", "Noël", "Inês", "Aurélio", "Céline"];
const LAST = ["Silva", "Conceição", "Gonçalves", "Araújo", "Müller", "Muñoz", "Peña", "Núñez", "Sánchez", "Ibáñez",
  "Srisuk", "Wongsawat", "Chaiyaporn", "Rattanakorn", "Santos", "Reyes", "Dela Cruz", "Bautista", "Mendoza", "Villanueva",
  "Lefèvre", "Gauthier", "Brönte", "Øster", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Pereira", "Rodrigues", "Almeida",
  "Lima", "Carvalho", "Ferreira", "Ribeiro", "Martins", "Rocha", "Dias", "Barbosa", "Castro", "Pinto", "Teixeira",
  "Moreira", "Cavalcanti", "Magalhães", "Loureiro", "Patiño", "Cortés", "Ortíz"];
const PAYOUT_STATUS = ["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "FAILED", "PROCESSING", "PENDING_APPROVAL", "REJECTED", "UNKNOWN", "EXPIRED", "CANCELLED"];
const PAYIN_STATUS = ["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "EXPIRED", "EXPIRED", "FAILED", "INIT", "PROCESSING", "CANCELLED"];

const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;

/**
 * `count` orders (60 % pay-outs, 40 % pay-ins) spread over the merchants present, the regions, a pool of accented
 * names and six months, in generate_series INSERTs of `chunk` rows. orderNos carry a random run tag, so seeding twice
 * adds rows instead of colliding. Returns the rows written per table.
 */
export async function seedOrders(sql: postgres.Sql, count: number, log: (m: string) => void, chunk = 200_000) {
  const merchants = (await sql`select id from merchants order by id`).map((r) => Number(r.id));
  if (merchants.length === 0) throw new Error("no merchants: start the app once (npm start seeds the demo credentials) first");
  const tag = randomBytes(3).toString("hex").toUpperCase().slice(0, 4);
  const regions = REGIONS.map((r) => r.code);
  const currencies = REGIONS.map((r) => r.currency);
  const outMethods = REGIONS.map((r) => r.payout.methods[0]?.code ?? "BANK");
  const inMethods = REGIONS.map((r) => r.payin?.methods[0]?.code ?? "QRPAY");
  const common = `
    with v as (
      select i,
        1 + (i % ${regions.length}) as r,
        (array[${merchants.join(",")}]::bigint[])[1 + (i / 7) % ${merchants.length}] as m,
        (${arr(FIRST)})[1 + (i * 7) % ${FIRST.length}] || ' ' || (${arr(LAST)})[1 + (i * 13 / 3) % ${LAST.length}] as name,
        lpad(((i::bigint * 2654435761) % 10000000000)::text, 10, '0') as account,
        now() - ((i::bigint * 15551) % 15552000) * interval '1 second' - (i % 997) * interval '1 millisecond' as created,
        (100 + (i::bigint * 7919) % 5000000) * 100 as amount
      from generate_series($1::int, $2::int) i)`;
  const nOut = Math.round(count * 0.6);
  const nIn = count - nOut;
  const run = async (table: "payouts" | "payins", total: number) => {
    for (let from = 1; from <= total; from += chunk) {
      const to = Math.min(total, from + chunk - 1);
      const t0 = performance.now();
      if (table === "payouts") {
        await sql.unsafe(
          `${common}
          insert into payouts (merchant_id, region, order_no, trade_no, amount_minor, currency, payment_method, cash_account,
            beneficiary_key, receiver_name, purpose, status, content_hash, sent_at, final_at, created_at, updated_at, next_check_at)
          select m, (${arr(regions)})[r]::region, 'SO${tag}' || lpad(i::text, 9, '0'), 'TRSO${tag}' || lpad(i::text, 9, '0'),
            amount, (${arr(currencies)})[r], (${arr(outMethods)})[r], account,
            (${arr(outMethods)})[r] || ':' || account, name, 'Seeded pay-out',
            (${arr(PAYOUT_STATUS)})[1 + (i * 31) % ${PAYOUT_STATUS.length}]::payout_status, 'seed', created, created + interval '2 minutes', created, created, 'infinity'
          from v`,
          [from, to],
        );
      } else {
        await sql.unsafe(
          `${common}
          insert into payins (merchant_id, region, order_no, trade_no, amount_minor, currency, payment_method, payer_name,
            payer_account_no, purpose, status, final_at, created_at, updated_at, next_check_at)
          select m, (${arr(regions)})[r]::region, 'SI${tag}' || lpad(i::text, 9, '0'), 'TRSI${tag}' || lpad(i::text, 9, '0'),
            amount, (${arr(currencies)})[r], (${arr(inMethods)})[r], name, account, 'Seeded pay-in',
            (${arr(PAYIN_STATUS)})[1 + (i * 31) % ${PAYIN_STATUS.length}]::payin_status, created + interval '5 minutes', created, created, 'infinity'
          from v`,
          [from, to],
        );
      }
      log(`${table} ${from}..${to} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  await run("payouts", nOut);
  await run("payins", nIn);
  await quietSeededOrders(sql);
  await sql`analyze payouts`;
  await sql`analyze payins`;
  return { tag, payouts: nOut, payins: nIn };
}

/**
 * Seeded orders are history to search, unknown to any gateway: their open ones (PROCESSING, UNKNOWN, INIT) would
 * keep the reconciliation sweep asking the sandbox about a thousand of them every cycle, forever, a load that is no
 * part of what the benches measure. They are never due (next_check_at infinity, written so by the INSERTs too; this
 * puts back rows a sweep reached before). Idempotent.
 */
export async function quietSeededOrders(sql: postgres.Sql): Promise<number> {
  const a = await sql`update payouts set next_check_at = 'infinity' where purpose = 'Seeded pay-out'
    and status in ('SENDING', 'PROCESSING', 'UNKNOWN') and next_check_at is distinct from 'infinity'`;
  const b = await sql`update payins set next_check_at = 'infinity' where purpose = 'Seeded pay-in'
    and status in ('INIT', 'PROCESSING', 'UNKNOWN') and next_check_at is distinct from 'infinity'`;
  return a.count + b.count;
}

/**
 * For the search bench: its seeded open orders made final (SUCCESS), then the tables vacuumed. Open ones stay in the
 * reconciliation sweep's partial index (payouts_open_check) however far off next_check_at is, and a sweep reading
 * 180,000 of them every 15 s took 0.1 to 1.2 s of a core each time: the search's p99 measured the sweep. A live
 * system has a handful of open orders, not a fifth of its history. The vacuum sets the visibility map the search's
 * index-only scans need after those writes. Idempotent (nothing to write or vacuum the second time). Not for
 * seed:orders, whose open orders are there to be looked at.
 */
export async function settleSeededOrders(sql: postgres.Sql): Promise<number> {
  const a = await sql`update payouts set status = 'SUCCESS' where purpose = 'Seeded pay-out' and status in ('SENDING', 'PROCESSING', 'UNKNOWN')`;
  const b = await sql`update payins set status = 'SUCCESS' where purpose = 'Seeded pay-in' and status in ('INIT', 'PROCESSING', 'UNKNOWN')`;
  await sql`vacuum (analyze) payouts, payins`;
  return a.count + b.count;
}
