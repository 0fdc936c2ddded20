import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@/lib/order-status/webhook-events";
import { webhookUrlShapeProblem } from "./webhook-url";

/** A new webhook endpoint: the form and POST /api/webhook-endpoints parse this one schema. */
export const createEndpointSchema = z.object({
  credentialId: z.coerce.number({ message: "Choose a credential" }).int("Choose a credential").positive("Choose a credential"),
  url: z
    .string({ message: "Enter a URL" })
    .trim()
    .min(1, "Enter a URL")
    .max(500, "At most 500 characters")
    .superRefine((v, ctx) => {
      const problem = webhookUrlShapeProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `Choose from ${WEBHOOK_EVENT_TYPES.join(", ")}` }), { message: "Choose at least one event" })
    .min(1, "Choose at least one event")
    .max(WEBHOOK_EVENT_TYPES.length)
    .transform((es) => [...new Set(es)]),
});
export type CreateEndpointInput = z.output<typeof createEndpointSchema>;

/** Send one stored event to an endpoint again. */
export const resendSchema = z.object({
  eventId: z.string({ message: "Give the event id" }).regex(/^evt_[0-9a-f]{32}$/, "Not an event id (evt_…)"),
});

/** Roll the signing secret; the old one keeps signing beside the new one for `overlapHours`. */
export const rollSecretSchema = z.object({
  overlapHours: z.coerce.number().int("Whole hours").min(0, "0 to 168 hours").max(168, "0 to 168 hours").default(24),
});
