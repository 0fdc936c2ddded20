import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

/** The scope each route file declares in apiRoute's options (read from app/api/∗∗/route.ts): route key → scope. */
export function declaredScopes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of routeFiles(path.join(root, "app/api"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/apiRoute\(\s*"([A-Z]+ [^"]+)",\s*\{([^}]*)\}/g)) {
      const scope = /scope:\s*"([^"]+)"/.exec(m[2] ?? "")?.[1];
      if (m[1] && scope) out.set(m[1], scope);
    }
  }
  return out;
}
