import "server-only";
import { randomInt } from "node:crypto";

// No look-alike characters (0/O, 1/l/I): it is read off a screen and typed by someone else.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function oneTimePassword(length = 16): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
