import "server-only";
import { or, sql, type SQL } from "drizzle-orm";
import { payins, payouts } from "@/db/schema";
import type { SearchTable as Table } from "./search-columns";

/**
 * What `q` may be, each with its own index (see db/schema/payouts.ts): an id prefix in any case (upper() of both
 * sides: ids are read out over the phone), the account's last digits the suffix rule allows, a folded name. One
 * condition per index: the search reads each arm by its own index (textArms) and the union of their rows is the match.
 */
export function textArms(t: Table, q: string | undefined, suffix: string | null): { where: SQL; name: boolean }[] {
  if (!q) return [];
  const id = prefixRange(q.toUpperCase());
  const acct = suffix ? prefixRange([...suffix].reverse().join("")) : null;
  return armsFor(t, textShape(q, suffix), { idFrom: id.from, idTo: id.to, suffixFrom: acct?.from ?? null, suffixTo: acct?.to ?? null, q });
}

/**
 * The strings that start with `p`, as a range [from, to) in byte order (the text_pattern_ops of the indexes): `to` is
 * `p` with its last character one higher. `p` is ASCII letters and digits (an id) or digits (an account's reversed
 * end), so the range is exactly LIKE 'p%'; unlike LIKE with a parameter, a range of parameters can use the index in
 * a generic plan, so the search's prepared statement is not planned again at every execution (getSearchDb in db/index.ts).
 */
export function prefixRange(p: string): { from: string; to: string } {
  return { from: p, to: `${p.slice(0, -1)}${String.fromCharCode(p.charCodeAt(p.length - 1) + 1)}` };
}

/** Which arms q has: an id prefix (letters and digits only), an account suffix (the rule's digits), a name. */
export function textShape(q: string, suffix: string | null) {
  return { idPrefix: /^[A-Za-z0-9]+$/.test(q), suffix: suffix !== null, name: isNameSearch(q) };
}

/** The arms of a shape over values or placeholders (the prepared statements of searchPage bind them per search). */
export function armsFor(t: Table, shape: ReturnType<typeof textShape>, v: { idFrom: unknown; idTo: unknown; suffixFrom: unknown; suffixTo: unknown; q: unknown }) {
  const account = t === payouts ? payouts.cashAccount : payins.payerAccountNo;
  const name = t === payouts ? payouts.receiverNameFolded : payins.payerNameFolded;
  const arms: { where: SQL; name: boolean }[] = [];
  const starts = (e: SQL, from: unknown, to: unknown) => sql`${e} ~>=~ ${from} and ${e} ~<~ ${to}`;
  if (shape.idPrefix) arms.push({ where: starts(sql`upper(${t.orderNo})`, v.idFrom, v.idTo), name: false }, { where: starts(sql`upper(${t.tradeNo})`, v.idFrom, v.idTo), name: false });
  if (shape.suffix) arms.push({ where: starts(sql`reverse(${account})`, v.suffixFrom, v.suffixTo), name: false });
  if (shape.name) arms.push({ where: sql`${name} like '%' || search_fold(${v.q}) || '%'`, name: true });
  return arms;
}

/** textArms as one condition (an OR of the arms; `false` when q can match nothing), for callers that filter by it. */
export function textWhere(t: Table, q: string | undefined, suffix: string | null): SQL | undefined {
  if (!q) return undefined;
  const arms = textArms(t, q, suffix);
  return arms.length ? or(...arms.map((a) => a.where)) : sql`false`;
}

/** Letters and no digits, 3 or more characters: a name (an id or account has digits). */
export const isNameSearch = (q: string | undefined): q is string => !!q && q.length >= 3 && /\p{L}/u.test(q) && !/\d/.test(q);
