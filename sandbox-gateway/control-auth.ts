import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { header } from "./http-util";

/** The shortest control token the gateway accepts: a guessable token would be no lock at all. */
export const MIN_TOKEN_LENGTH = 16;

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * True when the request carries `Authorization: Bearer <token>`. Both sides are hashed first so the comparison
 * takes the same time whatever the length or the first differing byte.
 */
export function hasControlToken(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header(req, "authorization") ?? "")?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * A JSON body is declared as such. A page can send `text/plain`, form or multipart bodies to any origin without a
 * preflight (a "simple request"); `application/json` always needs one, which this gateway never grants.
 */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = (header(req, "content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}
