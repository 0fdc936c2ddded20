import { recordActivity } from "@/lib/account/record-activity";
import { apiRoute } from "@/lib/api/route";

export const POST = apiRoute("POST /api/account/activity", {}, recordActivity);
