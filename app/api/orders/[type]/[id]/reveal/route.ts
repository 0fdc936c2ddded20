import { apiRoute } from "@/lib/api/route";
import { orderRef } from "@/lib/orders/load-order";
import { revealOrderValue } from "@/lib/orders/reveal-order-value";
import { revealSchema } from "@/lib/orders/schemas";

export const POST = apiRoute("POST /api/orders/[type]/[id]/reveal", { input: revealSchema }, ({ ctx, input, params }) =>
  revealOrderValue({ ctx, ...orderRef(params), input }),
);
