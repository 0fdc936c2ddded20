import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";

/**
 * Every API route, read from the route files themselves (app/api/∗∗/route.ts): its method, path, the zod schema it
 * parses (resolved through the file's own import) and how it reads its body. A new route is fuzzed without anyone
 * adding it here.
 */
export interface ApiRouteInfo {
  key: string;
  method: string;
  path: string;
  file: string;
  schemaName: string | null;
  schema: z.ZodType | null;
  body: "json" | "raw" | "upload";
  /** Answers with a live event stream: it never ends, so it is not fuzzed as a request/response route. */
  stream: boolean;
}

const root = path.resolve(import.meta.dirname, "../../..");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

export async function apiRoutes(): Promise<ApiRouteInfo[]> {
  const out: ApiRouteInfo[] = [];
  for (const file of routeFiles(path.join(root, "app/api")).sort()) {
    const text = readFileSync(file, "utf8");
    const rel = path.relative(root, file);
    for (const m of text.matchAll(/apiRoute\(\s*"([A-Z]+) ([^"]+)",\s*\{([^}]*(?:\{[^}]*\}[^}]*)?)\}/g)) {
      const [, method = "", routePath = "", opts = ""] = m;
      const schemaName = /input:\s*(\w+)/.exec(opts)?.[1] ?? null;
      let schema: z.ZodType | null = null;
      if (schemaName) {
        const from = new RegExp(`import\\s*\\{[^}]*\\b${schemaName}\\b[^}]*\\}\\s*from\\s*"(@/[^"]+)"`).exec(text)?.[1];
        if (!from) throw new Error(`${rel}: cannot find where ${schemaName} comes from`);
        const mod = (await import(/* @vite-ignore */ from)) as Record<string, z.ZodType>;
        // A schema that picks one of several bodies (a transform) says which by exporting `<name>Shapes` beside it.
        schema = mod[`${schemaName}Shapes`] ?? mod[schemaName] ?? null;
        if (!schema) throw new Error(`${rel}: ${from} has no export ${schemaName}`);
      }
      const body = /kind:\s*"raw"/.test(opts) ? "raw" : /body:\s*fileBody|kind:\s*"upload"/.test(opts) ? "upload" : "json";
      out.push({
        key: `${method} ${routePath}`,
        method,
        path: routePath,
        file: rel,
        schemaName,
        schema,
        body,
        stream: /eventStreamResponse|text\/event-stream|StatusStream\(/.test(text),
      });
    }
  }
  return out;
}
