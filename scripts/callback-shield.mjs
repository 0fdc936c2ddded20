/**
 * Cheap load-shedding for the public callback route, in front of Next (scripts/serve.mjs). The app counts and
 * samples refused callbacks per address (lib/callbacks/refusal-counter.ts), but every request it sees still costs
 * a trip through Next. An address whose callbacks were refused as malformed or not signed (400, 401, 429) more than
 * REFUSALS_PER_MINUTE times this minute (IPv6: its /64) may send only PER_SECOND callbacks a second, IN_FLIGHT at once, into Next;
 * the rest are answered 429 here, half a second late and before a byte of the body is read. A signed callback for an order not known yet (404) or a reused signature
 * (409) came from someone holding the platform key, so it does not count.
 * An address the app never refuses (the gateway's) is never limited, so its callbacks pass during another's flood.
 * Behind TRUSTED_PROXIES every request comes from a proxy, so the shield is off: limit at the proxy instead.
 */
export const CALLBACK_PATH = "/api/callbacks/smilepayz";
const REFUSALS_PER_MINUTE = 30;
const IN_FLIGHT = 2;
/** Callbacks per second a shed address may still send into Next (a genuine one among the flood gets through). */
const PER_SECOND = 5;
/** A shed request is answered this late (a timer, no work), so each of the sender's connections slows down. */
export const SHED_DELAY_MS = 500;
/** At most this many shed requests of one address are held at once; more are answered at once. */
const HELD = 200;

/** @type {Map<string, { minute: number; refused: number; inFlight: number; held: number; tokens: number; at: number }>} */
const sources = new Map();
let sweptMinute = 0;
const behindProxy = Boolean((process.env.TRUSTED_PROXIES ?? "").trim());

function entry(address, minute) {
  if (minute !== sweptMinute) {
    sweptMinute = minute;
    for (const [k, v] of sources) if (v.minute < minute - 1 && v.inFlight === 0 && v.held === 0) sources.delete(k);
  }
  let e = sources.get(address);
  if (!e) sources.set(address, (e = { minute, refused: 0, inFlight: 0, held: 0, tokens: PER_SECOND, at: Date.now() }));
  if (e.minute !== minute) Object.assign(e, { minute, refused: 0 });
  return e;
}

/**
 * IPv6 by its /64, IPv4 as is: the unit the app counts refusals by (lib/auth/client-info.ts addressGroup; the
 * two are tested to agree). One host owns a whole /64; each of its addresses must not be a fresh allowance.
 */
export function addressGroup(ip) {
  const v = String(ip ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (!v.includes(":")) return v;
  const parts = v.split("::");
  if (parts.length > 2) return v;
  const h = parts[0] ? parts[0].split(":") : [];
  const t = parts[1] ? parts[1].split(":") : [];
  const fill = parts.length === 2 ? Array(Math.max(0, 8 - h.length - t.length)).fill("0") : [];
  const all = [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
  return all.length === 8 && all.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? `${all.slice(0, 4).join(":")}::/64` : v;
}

/** 400 malformed, 401 unsigned or stale, 429 the app's own limit for those (lib/callbacks/ingest-callback.ts). */
const COUNTED = new Set([400, 401, 429]);

/**
 * For a request to the callback route: a number when it must be shed (answer 429 and close after that many ms).
 * Otherwise true: it is tracked until its response finishes, and a 400, 401 or 429 answer counts as a refusal.
 */
export function admitCallback(req, res, address) {
  if ((req.url ?? "").split("?")[0] !== CALLBACK_PATH || behindProxy) return true;
  const now = Math.floor(Date.now() / 60_000);
  const source = addressGroup(address);
  const e = entry(source, now);
  const t = Date.now();
  e.tokens = Math.min(PER_SECOND, e.tokens + ((t - e.at) / 1000) * PER_SECOND);
  e.at = t;
  if (e.refused > REFUSALS_PER_MINUTE && (e.inFlight >= IN_FLIGHT || e.tokens < 1)) {
    if (e.held >= HELD) return 0;
    e.held += 1;
    res.once("close", () => (e.held -= 1));
    return SHED_DELAY_MS;
  }
  e.inFlight += 1;
  if (e.refused > REFUSALS_PER_MINUTE) e.tokens -= 1;
  res.once("close", () => {
    e.inFlight -= 1;
    if (COUNTED.has(res.statusCode)) entry(source, Math.floor(Date.now() / 60_000)).refused += 1;
  });
  return true;
}
