import NextAuth from "next-auth";
import { errorResponse } from "@/lib/api/respond";
import { authOptions } from "@/lib/auth/auth-options";
import { checkAuthRequest } from "@/lib/auth/callback-url";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

// next-auth's own endpoints (csrf, callback/credentials, signout, session): public by nature, listed as such
// in lib/auth/access-table.ts. A malformed callbackUrl (or JSON body) is refused here, before next-auth reads it.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  const refused = await checkAuthRequest(req);
  if (refused) {
    log().info({ route: new URL(req.url).pathname.slice(0, 80), field: refused.field }, "next-auth request refused: malformed input");
    const res = errorResponse(new AppError("invalid_input", refused.message, { [refused.field]: refused.message }));
    const name = refused.clearCookie;
    if (name) res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
    return res;
  }
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
