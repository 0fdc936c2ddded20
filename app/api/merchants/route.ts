import { appliedOrPending } from "@/lib/api/respond";
import { apiRoute } from "@/lib/api/route";
import { createCredential } from "@/lib/merchants/create-credential";
import { listCredentials } from "@/lib/merchants/list-credentials";
import { createCredentialSchema } from "@/lib/merchants/schemas";

export const GET = apiRoute("GET /api/merchants", {}, listCredentials);
export const POST = apiRoute("POST /api/merchants", { input: createCredentialSchema }, async (args) => appliedOrPending(await createCredential(args)));
