import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BATCH_COLUMNS, templateCsv } from "@/lib/payout-batches/columns";
import { baseUrl, type Session } from "../e2e/helpers/app";
import { shapeProblem, short, Tally, type Problem } from "./helpers/answers";
import { closeDb, countDiff, settle, tableCounts } from "./helpers/db-state";
import { INJECTIONS, UNICODE_TRICKS } from "./helpers/hostile";
import { demoCredentialId, financeSession } from "./helpers/orders";
import { rawRequest } from "./helpers/raw-http";
import { FUZZ_SEED, subSeed } from "./helpers/seed";

/**
 * Issue 22, hostile files for bulk runs (POST /api/payout-batches), sent as text/csv and as multipart uploads:
 * broken quoting, wrong encodings, formulas, 100,000 columns, huge rows, binary. Each is a clear 4xx in the one
 * error shape, and no table gains or loses a row.
 */
const HEADER = BATCH_COLUMNS.join(",");
const ROW = templateCsv("TH").split("\r\n")[1] ?? "";
const utf16 = (s: string, be = false) => {
  const le = Buffer.from(`\ufeff${s}`, "utf16le");
  return be ? Buffer.from(le.map((_, i) => le[i ^ 1] ?? 0)) : le;
};

/** Hand-picked files, each a named kind of wrong. */
const FIXED: [string, Uint8Array | string][] = [
  ["empty", ""],
  ["header only", `${HEADER}\r\n`],
  ["unclosed quote", `${HEADER}\r\nTH,KBANK,"1234567890,1500,Salary\r\n`],
  ["quote inside a field", `${HEADER}\r\nTH,KB"A"NK,1234567890,1500,Salary\r\n`],
  ["stray quotes", `${HEADER}\r\n"TH""",KBANK,1234567890,1500,"Sal"ary"\r\n`],
  ["quoted newline in a field", `${HEADER}\r\nTH,KBANK,"12345\n67890",1500,Salary\r\n`],
  ["UTF-16 LE with BOM", utf16(`${HEADER}\r\n${ROW}\r\n`)],
  ["UTF-16 BE with BOM", utf16(`${HEADER}\r\n${ROW}\r\n`, true)],
  ["Latin-1", Buffer.from(`${HEADER}\r\nTH,KBANK,1234567890,1500,Salaire pay\u00e9\r\n`, "latin1")],
  ["binary", randomBytes(4096)],
  ["PNG header", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)])],
  ["zip (an .xlsx)", Buffer.concat([Buffer.from("PK\u0003\u0004", "latin1"), randomBytes(1024)])],
  ["NUL bytes", `${HEADER}\r\nTH,KBANK,1234567890,1500,Sal\u0000ary\r\n`],
  ["formula in purpose", `${HEADER}\r\nTH,KBANK,1234567890,1500,"=HYPERLINK(""http://evil.test"",""x"")"\r\n`],
  ["formula in account", `${HEADER}\r\nTH,KBANK,=1+1,1500,Salary\r\n`],
  ["@ formula", `${HEADER}\r\nTH,KBANK,1234567890,1500,@SUM(A1:A9)\r\n`],
  ["+ formula", `${HEADER}\r\nTH,KBANK,1234567890,1500,+cmd|' /C calc'!A0\r\n`],
  ["tab formula", `${HEADER}\r\nTH,KBANK,1234567890,1500,\t=1+1\r\n`],
  ["100,000 columns", `${HEADER}${",x".repeat(100_000)}\r\n${ROW}${",1".repeat(100_000)}\r\n`],
  ["100,000 columns in a row", `${HEADER}\r\n${ROW}${",1".repeat(100_000)}\r\n`],
  ["a 1 MB row", `${HEADER}\r\nTH,KBANK,1234567890,1500,${"a".repeat(1_000_000)}\r\n`],
  ["a 5 MB field in quotes", `${HEADER}\r\nTH,KBANK,1234567890,1500,"${"x,".repeat(2_500_000)}"\r\n`],
  ["10,001 rows", `${HEADER}\r\n${`${ROW}\r\n`.repeat(10_001)}`],
  ["21 MB", `${HEADER}\r\n${"a".repeat(21 * 1024 * 1024)}`],
  ["unknown column", `${HEADER},isAdmin\r\n${ROW},true\r\n`],
  ["no header", `${ROW}\r\n${ROW}\r\n`],
  ["path traversal as a header", `../../etc/passwd\r\nx\r\n`],
  ["SQL in every cell", `${HEADER}\r\n${BATCH_COLUMNS.map(() => "' OR 1=1; DROP TABLE payouts; --").join(",")}\r\n`],
  ["full-width digits", `${HEADER}\r\nTH,KBANK,１２３４５６７８９０,１５００,Salary\r\n`],
  ["right-to-left override", `${HEADER}\r\nTH,KBANK,1234567890,1500,Salary\u202eyralas\r\n`],
];

/** Generated files: the template's row with one cell replaced by something hostile, in a random separator. */
const generated = fc.sample(
  fc.record({
    col: fc.nat({ max: BATCH_COLUMNS.length - 1 }),
    value: fc.constantFrom(...INJECTIONS.filter((s) => /^[=+\-@]/.test(s)), "=1+1", "-1+1", "@x"),
    trick: fc.constantFrom(...UNICODE_TRICKS, ""),
    sep: fc.constantFrom(",", ";", "\t"),
    rows: fc.integer({ min: 1, max: 50 }),
  }),
  { seed: subSeed("bulk-csv"), numRuns: 30 },
).map((r): [string, string] => {
  const cells = ROW.split(",");
  while (cells.length < BATCH_COLUMNS.length) cells.push("");
  cells[r.col] = `${r.value}${r.trick}`;
  const q = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const line = cells.map(q).join(r.sep);
  return [`generated: ${BATCH_COLUMNS[r.col]} = ${JSON.stringify(cells[r.col])}, ${r.rows} rows`, `${BATCH_COLUMNS.map(q).join(r.sep)}\r\n${`${line}\r\n`.repeat(r.rows)}`];
});

const tally = new Tally();
const problems: Problem[] = [];
let finance: Session;
let credentialId = 0;
const t0 = Date.now();

beforeAll(async () => {
  console.log(`hostile CSV files: FUZZ_SEED=${FUZZ_SEED}`);
  finance = await financeSession();
  credentialId = await demoCredentialId();
});
afterAll(async () => {
  tally.print("hostile input: bulk-run files", { seed: FUZZ_SEED, duration: `${((Date.now() - t0) / 1000).toFixed(1)} s`, files: FIXED.length + generated.length, problems: problems.length });
  await closeDb();
});

function multipart(bytes: Uint8Array | string, type: string): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="run.csv"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe("hostile bulk-run files", () => {
  it("each is a clear 4xx in the one error shape and writes nothing", { timeout: 300_000 }, async () => {
    await settle();
    let before = await tableCounts();
    for (const [name, bytes] of [...FIXED, ...generated]) {
      for (const as of ["text/csv", "multipart"] as const) {
        const { body, contentType } = as === "multipart" ? multipart(bytes, "text/csv") : { body: bytes, contentType: "text/csv" };
        const a = await rawRequest(`${baseUrl()}/api/payout-batches?credentialId=${credentialId}`, {
          headers: { cookie: finance.header(), "content-type": contentType, "idempotency-key": `fuzz-csv-${randomBytes(6).toString("hex")}` },
          body,
        });
        tally.add(`POST /api/payout-batches (${as})`, "finance", a.status);
        let why: string | null = null;
        if (a.status < 400 || a.status >= 500) why = `HTTP ${a.status}, expected a 4xx`;
        else {
          try {
            why = a.type.startsWith("application/json") ? shapeProblem(JSON.parse(a.text), a.status) : `refusal of type ${a.type}`;
          } catch {
            why = "non-JSON refusal";
          }
        }
        const after = await tableCounts();
        const diff = countDiff(before, after);
        if (Object.keys(diff).length) why = `${why ?? ""} rows changed ${JSON.stringify(diff)}`.trim();
        before = after;
        if (a.status < 300) {
          // Already a failure; a stored run starts work of its own, so wait for it before the next count.
          await settle();
          before = await tableCounts();
        }
        if (why) problems.push({ where: `${name} as ${as}`, status: a.status, why, sent: short(Buffer.from(body).toString("utf8"), 120), answer: short(a.text) });
      }
    }
    expect(problems, JSON.stringify(problems.slice(0, 8), null, 2)).toEqual([]);
  });
});
