import { apiRoute } from "@/lib/api/route";
import { previewApprovalNeed } from "@/lib/payouts/approval-need";
import { createPayoutSchema } from "@/lib/payouts/schemas";

/** Reads only: the review step asks whether this pay-out would wait for a second person, and why. POST keeps the account out of URLs. */
export const POST = apiRoute("POST /api/payouts/approval-need", { input: createPayoutSchema }, previewApprovalNeed);
