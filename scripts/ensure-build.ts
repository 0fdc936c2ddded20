import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/**
 * A production build no older than the sources (app, components, lib, db, proxy.ts), for the browser suite and
 * the benches; `next build` runs without this process's loader flags.
 */
export function ensureBuild(log: (m: string) => void = () => undefined): void {
  const id = path.join(root, ".next", "BUILD_ID");
  const sources = Math.max(statSync(path.join(root, "proxy.ts")).mtimeMs, ...["app", "components", "lib", "db"].map((d) => newest(path.join(root, d))));
  if (existsSync(id) && statSync(id).mtimeMs > sources) return;
  log("sources are newer than the build: next build");
  const { NODE_OPTIONS: _drop, ...env } = process.env;
  const res = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, NODE_ENV: "production" },
  });
  if (res.status !== 0) throw new Error("next build failed");
}
