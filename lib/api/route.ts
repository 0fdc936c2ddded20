import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import { ROUTE_ACCESS, SETUP_ROUTES, type RouteKey } from "@/lib/auth/access-table";
import { clientInfo } from "@/lib/auth/client-info";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";
import { AppError, fieldsFromIssues } from "@/lib/errors";
import { JSON_BODY_LIMIT, RAW_BODY_LIMIT, UPLOAD_BODY_LIMIT, mediaType, readBodyBytes, readBodyText } from "@/lib/http/read-body";
import { userCtx, type Ctx, type PublicCtx } from "@/lib/context";
import { bearerToken } from "@/lib/auth/api-key-auth";
import type { ApiScope } from "@/lib/auth/api-key-scopes";
import { readIdempotencyKey } from "./idempotency-key";
import { apiKeyRouteCtx, auditKeyUse } from "./key-principal";
import { errorResponse, json } from "./respond";

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };

/** A public route's handler gets no user (it builds a SystemCtx for its verb); every other one gets the person. */
export type CtxFor<K extends RouteKey> = (typeof ROUTE_ACCESS)[K] extends "public" ? PublicCtx : Ctx;

/** A file sent as multipart/form-data (field `file`) or as the whole body (`text/csv`). */
export interface Upload {
  bytes: Uint8Array;
  contentType: string;
  filename: string | null;
}

/**
 * How the body is read: `json` (default; parsed with `input`), `raw` (the exact text, for signed callbacks), or
 * `upload` (a file up to its own cap, of the listed media types).
 */
export type BodyKind =
  | { kind: "json" }
  | { kind: "raw"; maxBytes?: number }
  | { kind: "upload"; types: readonly string[]; maxBytes?: number };

interface Args<K extends RouteKey, S extends z.ZodType | undefined> {
  ctx: CtxFor<K>;
  input: S extends z.ZodType ? z.output<S> : undefined;
  params: Params;
  req: Request;
  /** body: { kind: "raw" } only */
  raw: string;
  /** body: { kind: "upload" } only */
  upload: Upload | null;
  /** idempotencyKey only: the request's Idempotency-Key (required, checked after the input) */
  idempotencyKey: string;
}

const NO_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every API route handler is `apiRoute("METHOD /api/path", { input, body }, handler)`. The wrapper looks the key up
 * in the access table: 401 without a session, 403 without the permission (or before required set-up is done);
 * it reads the body within its cap (413) and of its media type (415), parses the input with the one zod schema,
 * requires an Idempotency-Key where `idempotencyKey` names what a retry returns, runs the handler, and maps errors
 * to the one error shape. Cross-site requests are refused before this, by the server (scripts/serve.mjs), for every
 * route. `Authorization: Bearer <secret>` makes an API key the principal instead of the session: only on a route
 * whose `scope` the key holds (lib/api/key-principal.ts), and every such use is audited as the key.
 */
export function apiRoute<K extends RouteKey, S extends z.ZodType | undefined = undefined>(
  key: K,
  opts: { input?: S; body?: BodyKind; idempotencyKey?: string; scope?: ApiScope },
  handler: (args: Args<K, S>) => Promise<Response | unknown>,
) {
  const access = ROUTE_ACCESS[key];
  const bodyKind: BodyKind = opts.body ?? { kind: "json" };
  return async (req: Request, routeCtx: RouteContext): Promise<Response> => {
    let keyCtx: Ctx | null = null;
    const answer = (res: Response) => (keyCtx ? auditKeyUse(keyCtx, key, res.status).then(() => res) : res);
    try {
      const params = (await routeCtx.params) ?? {};
      const { ip, userAgent } = clientInfo(req.headers);
      const db = getDb();
      let ctx: Ctx | PublicCtx = { db, ip, userAgent };
      const secret = access === "public" ? null : bearerToken(req);
      if (secret !== null) {
        ctx = keyCtx = await apiKeyRouteCtx(db, secret, key, opts.scope, { ip, userAgent });
      } else if (access !== "public") {
        const user = await getCurrentUser();
        if (!user) throw new AppError("unauthorized", "Sign in to continue.");
        if (!SETUP_ROUTES.has(key)) {
          if (user.mustChangePassword) throw new AppError("forbidden", "Change your one-time password first.");
          if (TOTP_REQUIRED_ROLES.includes(user.role) && !user.totpEnabled) {
            throw new AppError("forbidden", "Set up two-factor sign-in first.");
          }
        }
        if (access !== "signed-in" && !can(user.role, access)) {
          throw new AppError("forbidden", "Your role does not allow this.");
        }
        ctx = userCtx(db, user, ip, userAgent);
      }
      let raw = "";
      let upload: Upload | null = null;
      let input: unknown = undefined;
      if (bodyKind.kind === "raw") {
        raw = NO_BODY.has(req.method) ? "" : await readBodyText(req, bodyKind.maxBytes ?? RAW_BODY_LIMIT);
      } else if (bodyKind.kind === "upload") {
        upload = await readUpload(req, bodyKind.types, bodyKind.maxBytes ?? UPLOAD_BODY_LIMIT);
      }
      if (opts.input) input = await parseInput(req, opts.input, bodyKind.kind === "json");
      const idempotencyKey = opts.idempotencyKey ? readIdempotencyKey(req, opts.idempotencyKey) : "";
      const out = await handler({ ctx: ctx as CtxFor<K>, input: input as never, params, req, raw, upload, idempotencyKey });
      return await answer(out instanceof Response ? out : json(out ?? { ok: true }));
    } catch (err) {
      return answer(errorResponse(err));
    }
  };
}

async function parseInput(req: Request, schema: z.ZodType, fromBody: boolean): Promise<unknown> {
  let raw: unknown;
  if (NO_BODY.has(req.method) || !fromBody) {
    raw = Object.fromEntries(new URL(req.url).searchParams);
  } else {
    const text = await readBodyText(req, JSON_BODY_LIMIT);
    if (text !== "" && mediaType(req) !== "application/json") {
      throw new AppError("unsupported_media_type", "Send the body as application/json.");
    }
    try {
      raw = text === "" ? {} : JSON.parse(text);
    } catch {
      throw new AppError("invalid_input", "The request body is not valid JSON.");
    }
  }
  const parsed = await schema.safeParseAsync(raw);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Some fields need attention.", fieldsFromIssues(parsed.error.issues));
  }
  return parsed.data;
}

/** Exported for tests: the file of an upload route, within its cap and media types. */
export async function readUpload(req: Request, types: readonly string[], limit: number): Promise<Upload> {
  const type = mediaType(req);
  if (type === "multipart/form-data") {
    // The bytes are capped first; only then does the form parser see them.
    const bytes = await readBodyBytes(req, limit);
    const form = await new Response(Buffer.from(bytes), { headers: { "content-type": req.headers.get("content-type") ?? "" } })
      .formData()
      .catch(() => {
        throw new AppError("invalid_input", "The upload is not a valid multipart form.");
      });
    const file = form.get("file");
    if (!(file instanceof Blob)) throw new AppError("invalid_input", "Attach the file in the field `file`.", { file: "Choose a file." });
    const fileType = (file.type || "application/octet-stream").split(";")[0]?.toLowerCase() ?? "";
    if (!types.includes(fileType)) throw unsupported(types);
    return { bytes: new Uint8Array(await file.arrayBuffer()), contentType: fileType, filename: file instanceof File ? file.name : null };
  }
  if (!types.includes(type)) throw unsupported(types);
  return { bytes: await readBodyBytes(req, limit), contentType: type, filename: null };
}

function unsupported(types: readonly string[]): AppError {
  return new AppError("unsupported_media_type", `Upload one of: ${types.join(", ")}.`);
}
