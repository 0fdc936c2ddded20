import "server-only";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** Caps for request bodies. The server (scripts/serve.mjs) enforces the outer cap before Next sees a byte. */
export const JSON_BODY_LIMIT = 256 * 1024;
export const RAW_BODY_LIMIT = 64 * 1024;
export const UPLOAD_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * Read at most `limit` bytes: refused on Content-Length first, then counted while streaming, so a body that lies
 * about its length (or has none) is cut off at the cap instead of being buffered whole.
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((err: unknown) => {
      throw isClientAbort(err, req) ? clientClosed(req) : err;
    });
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readBodyText(req: Request, limit: number): Promise<string> {
  const bytes = await readBodyBytes(req, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid UTF-8.");
  }
}

/**
 * The client went away while sending its body (closed the tab, cancelled the upload, lost the network). Nothing
 * is wrong with the app: it is said at level info, and the answer (which nobody reads) is a 400.
 */
export function isClientAbort(err: unknown, req?: Request): boolean {
  if (req?.signal.aborted) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (
    err.name === "AbortError" ||
    err.name === "ResponseAborted" ||
    err.message === "aborted" ||
    (code !== undefined && ["ECONNRESET", "ECONNABORTED", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE"].includes(code))
  );
}

function clientClosed(req: Request): AppError {
  log().info({ method: req.method, path: new URL(req.url).pathname }, "the client closed the request before its body was complete");
  return new AppError("invalid_input", "The request body was cut off before it was complete.");
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${Math.round(limit / 1024)} KiB.`);
}

/** The media type of a request without parameters, lower-cased ("application/json"). */
export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
