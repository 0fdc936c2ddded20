import { z } from "zod";

/** One statement: a credential, a currency, a day (YYYY-MM-DD, a UTC day). The page's form and the API parse this. */
export const statementSchema = z.object({
  credentialId: z.coerce.number({ message: "Choose a credential" }).int("Choose a credential").positive("Choose a credential"),
  currency: z.string({ message: "Choose a currency" }).trim().regex(/^[A-Z]{3,4}$/, "Choose a currency (THB, PHP, BRL, USDT)"),
  day: z
    .string({ message: "Choose a day" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "A day as YYYY-MM-DD")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "No such day"),
});
export type StatementInput = z.output<typeof statementSchema>;

/** Statements are in UTC days: the gateway's balance is asked at 00:00 UTC, and every region shares one boundary. */
export const STATEMENT_TIME_ZONE = "UTC";
