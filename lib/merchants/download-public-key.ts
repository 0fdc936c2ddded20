import "server-only";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { loadScopedMerchant } from "./list-credentials";

/** The merchant public key as a file, in the one-line Base64 DER form the Smilepayz merchant backend takes. */
export async function downloadPublicKey({ ctx, id }: { ctx: Ctx; id: number }): Promise<Response> {
  const m = await loadScopedMerchant(ctx, id);
  if (!m.publicKey) throw new AppError("not_found", "This credential has no key pair yet.");
  return new Response(`${m.publicKey}\n`, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${m.merchantId}-public-key.txt"`,
      "cache-control": "no-store",
    },
  });
}
