/**
 * Cheap load-shedding for the public callback route, in front of Next (scripts/serve.mjs). The app counts and
 * samples refused callbacks per address (lib/callbacks/refusal-counter.ts), but every request it sees still costs
 * a trip through Next. An address whose callbacks were refused as malformed or not signed (400, 401) more than
 * REFUSALS_PER_MINUTE times this minute may have only IN_FLIGHT callbacks inside Next at once; more are answered 429
 * here, before a byte of the body is read. A signed callback for an order not known yet (404) or a reused signature
 * (409) came from someone holding the platform key, so it does not count.
 * An address the app never refuses (the gateway's) is never limited, so its callbacks pass during another's flood.
 * Behind TRUSTED_PROXIES every request comes from a proxy, so the shield is off: limit at the proxy instead.
 */
export const CALLBACK_PATH = "/api/callbacks/smilepayz";
const REFUSALS_PER_MINUTE = 30;
const IN_FLIGHT = 2;

/** @type {Map<string, { minute: number; refused: number; inFlight: number }>} */
const sources = new Map();
let sweptMinute = 0;
const behindProxy = Boolean((process.env.TRUSTED_PROXIES ?? "").trim());

function entry(address, minute) {
  if (minute !== sweptMinute) {
    sweptMinute = minute;
    for (const [k, v] of sources) if (v.minute < minute - 1 && v.inFlight === 0) sources.delete(k);
  }
  let e = sources.get(address);
  if (!e) sources.set(address, (e = { minute, refused: 0, inFlight: 0 }));
  if (e.minute !== minute) Object.assign(e, { minute, refused: 0 });
  return e;
}

const COUNTED = new Set([400, 401]);

/**
 * For a request to the callback route: false when it must be shed (answer 429 and close). Otherwise it is
 * tracked until its response finishes, and a 400 or 401 answer counts as a refusal of its address.
 */
export function admitCallback(req, res, address) {
  if ((req.url ?? "").split("?")[0] !== CALLBACK_PATH || behindProxy) return true;
  const now = Math.floor(Date.now() / 60_000);
  const e = entry(address, now);
  if (e.refused > REFUSALS_PER_MINUTE && e.inFlight >= IN_FLIGHT) return false;
  e.inFlight += 1;
  res.once("close", () => {
    e.inFlight -= 1;
    if (COUNTED.has(res.statusCode)) entry(address, Math.floor(Date.now() / 60_000)).refused += 1;
  });
  return true;
}
