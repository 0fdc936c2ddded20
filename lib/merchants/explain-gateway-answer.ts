import type { CallOutcome } from "@/lib/smilepayz/client/outcome";

/** A failed test line as the page shows it: a sentence with what to do next, and a short raw reference. */
export interface Explained {
  message: string;
  raw: string;
}

/**
 * Plain sentences for the codes the bundled sandbox gateway answers. Smilepayz publishes no table of codes
 * (see /work/shared/smilepayz/API.md), so any other code gets a general sentence with the raw code and message.
 */
const CODE_ADVICE: Record<string, string> = {
  "01": "Smilepayz could not verify the request's signature: upload this credential's public key in the Smilepayz merchant back office, and check the merchant secret.",
  "02": "Smilepayz refused the request time: this server's clock is more than 5 minutes off. Correct the server clock (NTP).",
  "03": "Smilepayz does not know this merchant id: check the merchant id, or that the public key was uploaded in the Smilepayz merchant back office.",
  "04": "Smilepayz refused a field of the request: check the balance account number (Finance → Balance in the Smilepayz merchant back office).",
  "06": "Smilepayz does not know this balance account: check the account number under Finance → Balance in the Smilepayz merchant back office.",
  "08": "Smilepayz could not read the request. Try again; if it keeps failing, contact Smilepayz support with the code below.",
};

/** One answer for everything that is not a Smilepayz answer, so the page tells a scanner nothing. */
export const NO_GATEWAY: Explained = {
  message:
    "No Smilepayz answer: the gateway is unreachable or this is not a Smilepayz gateway. Check the base URL, then try again in a few minutes.",
  raw: "no Smilepayz answer",
};

const SAFE_TEXT = /[^\x20-\x7e\u00a0-\u024f]/g;

/** The gateway's own message, shortened and reduced to printable text (it is shown, never interpreted). */
function shortMessage(message: string): string {
  const t = message.replace(SAFE_TEXT, " ").trim();
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}

/**
 * What a failed call means. A gateway answer carries a short code on a route that exists; anything else
 * (HTML, a 404, JSON without a code, refused, reset, timed out, a redirect) is NO_GATEWAY, without its content.
 */
export function explainFailure(r: Exclude<CallOutcome<unknown>, { outcome: "accepted" }>): Explained {
  if (r.outcome === "rejected") {
    const isGatewayCode = /^[A-Za-z0-9_-]{1,8}$/.test(r.code) && r.httpStatus !== 404 && r.httpStatus !== 405;
    if (!isGatewayCode) return NO_GATEWAY;
    const advice = CODE_ADVICE[r.code];
    const message = shortMessage(r.message);
    return {
      message:
        advice ?? "Smilepayz refused the request. Check the credential; if it looks right, contact Smilepayz support with the code below.",
      raw: message ? `code ${r.code}: ${message}` : `code ${r.code}`,
    };
  }
  if (r.outcome === "not_sent" && r.reason.startsWith("merchant private key unusable")) {
    return { message: "The stored private key cannot be used: generate a new key pair.", raw: "private key unusable" };
  }
  if (r.outcome === "not_sent" && r.reason === "invalid gateway base URL") {
    return { message: "The base URL is not a valid URL: edit the credential.", raw: "invalid base URL" };
  }
  return NO_GATEWAY;
}
