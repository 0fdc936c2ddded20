import { apiRoute } from "@/lib/api/route";
import { countNotifications } from "@/lib/notifications/count-notifications";

export const GET = apiRoute("GET /api/notifications", {}, countNotifications);
