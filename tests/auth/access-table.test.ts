import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PAGE_ACCESS, ROUTE_ACCESS } from "@/lib/auth/access-table";
import { PERMISSIONS } from "@/lib/auth/permissions";

const root = path.resolve(__dirname, "../..");
const appDir = path.join(root, "app");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** `app/(app)/users/page.tsx` -> `/users`; route groups `(x)` are not part of the URL. */
function urlOf(file: string): string {
  const rel = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${rel.join("/")}`;
}

const routeFiles = walk(appDir).filter((f) => /\/route\.tsx?$/.test(f));
const pageFiles = walk(appDir).filter((f) => /\/page\.tsx?$/.test(f));
const METHOD_RE = /export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b|export\s*\{([^}]*)\}/g;

function methodsOf(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out = new Set<string>();
  for (const m of src.matchAll(METHOD_RE)) {
    if (m[1]) out.add(m[1]);
    for (const alias of m[2]?.matchAll(/as\s+(GET|POST|PUT|PATCH|DELETE)\b/g) ?? []) if (alias[1]) out.add(alias[1]);
  }
  return [...out];
}

describe("every entry point declares its access", () => {
  const declared = routeFiles.flatMap((f) => methodsOf(f).map((m) => `${m} ${urlOf(f)}`));

  it("finds the route handlers", () => {
    expect(declared.length).toBeGreaterThan(5);
  });

  it.each(declared)("%s is in ROUTE_ACCESS", (key) => {
    expect(Object.keys(ROUTE_ACCESS)).toContain(key);
  });

  it("ROUTE_ACCESS names no route that does not exist", () => {
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual([...declared].sort());
  });

  it.each(routeFiles.filter((f) => !f.includes("[...nextauth]")).map((f) => [path.relative(root, f), f]))(
    "%s goes through apiRoute with its own key",
    (_rel, file) => {
      const src = readFileSync(file, "utf8");
      for (const m of methodsOf(file)) expect(src).toContain(`apiRoute("${m} ${urlOf(file)}"`);
    },
  );

  it.each(pageFiles.map((f) => [urlOf(f), f]))("page %s is in PAGE_ACCESS and calls its guard", (url, file) => {
    expect(Object.keys(PAGE_ACCESS)).toContain(url);
    const src = readFileSync(file, "utf8");
    // With its own path first; the page passes its query too, so the guard can send `next` along.
    if (PAGE_ACCESS[url as keyof typeof PAGE_ACCESS] !== "public") expect(src).toMatch(new RegExp(`requirePage\\("${url.replace(/[/[\]]/g, "\\$&")}", (searchParams|params)[,)]`));
  });

  it("has no server actions: mutations go through route handlers, which the matrix covers", () => {
    const withActions = walk(root === "" ? "." : appDir)
      .concat(walk(path.join(root, "components")), walk(path.join(root, "lib")))
      .filter((f) => /\.(ts|tsx)$/.test(f) && /^\s*["']use server["']/m.test(readFileSync(f, "utf8")));
    expect(withActions).toEqual([]);
  });

  it("every permission used is defined", () => {
    for (const access of [...Object.values(ROUTE_ACCESS), ...Object.values(PAGE_ACCESS)]) {
      if (access !== "public" && access !== "signed-in") expect(Object.keys(PERMISSIONS)).toContain(access);
    }
  });
});
