import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import { ROUTE_ACCESS, SETUP_ROUTES, type RouteKey } from "@/lib/auth/access-table";
import { clientInfo } from "@/lib/auth/client-info";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, TOTP_REQUIRED_ROLES } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/sessions";
import { AppError, fieldsFromIssues } from "@/lib/errors";
import type { Ctx } from "./context";
import { errorResponse, json } from "./respond";

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };

interface Handler<S extends z.ZodType | undefined> {
  (args: {
    ctx: Ctx;
    input: S extends z.ZodType ? z.output<S> : undefined;
    params: Params;
    req: Request;
  }): Promise<Response | unknown>;
}

/**
 * Every API route handler is `apiRoute("METHOD /api/path", { input }, handler)`. The wrapper looks the key up in
 * the access table: 401 without a session, 403 without the permission (or before required set-up is done),
 * then parses the input with the one zod schema, runs the handler, and maps errors to the one error shape.
 */
export function apiRoute<S extends z.ZodType | undefined = undefined>(
  key: RouteKey,
  opts: { input?: S },
  handler: Handler<S>,
) {
  const access = ROUTE_ACCESS[key];
  return async (req: Request, routeCtx: RouteContext): Promise<Response> => {
    try {
      const params = (await routeCtx.params) ?? {};
      const { ip, userAgent } = clientInfo(req.headers);
      let user: SessionUser | null = null;
      if (access !== "public") {
        user = await getCurrentUser();
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
      }
      const input = opts.input ? await parseInput(req, opts.input) : undefined;
      const ctx = { db: getDb(), user, ip, userAgent } as Ctx; // user is null only on public routes
      const out = await handler({ ctx, input: input as never, params, req });
      return out instanceof Response ? out : json(out ?? { ok: true });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function parseInput(req: Request, schema: z.ZodType): Promise<unknown> {
  let raw: unknown;
  if (req.method === "GET" || req.method === "HEAD") {
    raw = Object.fromEntries(new URL(req.url).searchParams);
  } else {
    const text = await req.text();
    if (text.length > 1_000_000) throw new AppError("invalid_input", "The request is too large.");
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
