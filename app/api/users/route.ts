import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { createUserSchema } from "@/lib/users/schemas";

export const GET = apiRoute("GET /api/users", {}, listUsers);
export const POST = apiRoute("POST /api/users", { input: createUserSchema }, async (args) => appliedOrPending(await createUser(args)));
