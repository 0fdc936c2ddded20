import { OpenApiView, type OpenApiDoc } from "@/components/docs/openapi-view";
import { requirePage } from "@/lib/auth/require-page";
import { openApiDocument } from "@/lib/openapi/openapi-document";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApiDocsPage({ searchParams }: Props) {
  await requirePage("/docs/api", searchParams);
  return (
    <main className="space-y-4">
      <h1 className="text-xl font-semibold">The API</h1>
      <p className="text-sm text-slate-600">
        The same document as a file for tools: <a className="underline" href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
      </p>
      <OpenApiView doc={openApiDocument() as unknown as OpenApiDoc} />
    </main>
  );
}
