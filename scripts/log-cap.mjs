/**
 * Every line the server writes through `console` (Next's own messages, the server's, next-auth's) is one line of
 * at most LINE_MAX bytes: a message of several lines (an error with its stack, an inspected object holding the
 * request's input) keeps its first line, cut, and says how much was left out. The app's own JSON lines (pino) are
 * capped in lib/log.ts. Plain JavaScript: scripts/serve.mjs runs without the TypeScript loader.
 */
import { format } from "node:util";

export const LINE_MAX = 2_048;

/** One line of at most `max` bytes for what `console.*(...args)` would print. */
export function capText(text, max = LINE_MAX) {
  const lines = String(text).split("\n");
  const first = lines[0] ?? "";
  const bytes = Buffer.byteLength(text);
  if (lines.length === 1 && bytes <= max) return first;
  const note = ` [${lines.length > 1 ? `${lines.length - 1} more line(s), ` : ""}${bytes} bytes in all: cut]`;
  const room = Math.max(0, max - Buffer.byteLength(note));
  let cut = first;
  if (Buffer.byteLength(cut) > room) cut = Buffer.from(cut).subarray(0, room).toString("utf8").replace(/\uFFFD$/, "");
  return cut + note;
}

/** Make console.log/info/warn/error/debug/trace print capped single lines (idempotent). */
export function capConsole(target = console, max = LINE_MAX) {
  if (target.__capped) return;
  target.__capped = true;
  for (const name of ["log", "info", "warn", "error", "debug", "trace"]) {
    const write = (name === "trace" ? target.error : target[name]).bind(target);
    target[name] = (...args) => write(capText(format(...args), max));
  }
}
