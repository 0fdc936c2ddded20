import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { reachableByOthers, sharedCopy, treeHash } from "@/db/embedded-programs";

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small stand-in for the package's native folder: a program, a library with its version symlink, a data file. */
function nativeTree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pg-native-"));
  made.push(dir);
  mkdirSync(path.join(dir, "bin"));
  mkdirSync(path.join(dir, "lib"));
  writeFileSync(path.join(dir, "bin", "postgres"), "#!/bin/sh\necho postgres\n", { mode: 0o777 });
  writeFileSync(path.join(dir, "lib", "libpq.so.5.18"), "library", { mode: 0o666 });
  symlinkSync("libpq.so.5.18", path.join(dir, "lib", "libpq.so.5"));
  return dir;
}

describe("the shared copy of the embedded PostgreSQL's programs", () => {
  test("is made once per version and hash, readable and runnable by others, writable by its owner only", () => {
    const native = nativeTree();
    const cacheRoot = path.join(mkdtempSync(path.join(tmpdir(), "pg-cache-")), "shared");
    made.push(path.dirname(cacheRoot));
    chmodSync(path.dirname(cacheRoot), 0o755); // as /var/cache is
    const copy = sharedCopy({ nativeDir: native, version: "18.0", cacheRoot });
    expect(path.basename(copy)).toBe(`18.0-${treeHash(native).slice(0, 16)}`);
    expect(treeHash(copy)).toBe(treeHash(native));
    expect(statSync(path.join(copy, "bin", "postgres")).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(copy, "lib", "libpq.so.5.18")).mode & 0o777).toBe(0o644);
    expect(statSync(path.join(copy, "lib")).mode & 0o777).toBe(0o755);
    expect(readlinkSync(path.join(copy, "lib", "libpq.so.5"))).toBe("libpq.so.5.18");
    expect(reachableByOthers(copy)).toBe(true);

    // Reused as it is by the next start (another clone with the same package).
    const before = lstatSync(path.join(copy, "bin", "postgres")).ino;
    expect(sharedCopy({ nativeDir: native, version: "18.0", cacheRoot })).toBe(copy);
    expect(lstatSync(path.join(copy, "bin", "postgres")).ino).toBe(before);
  });

  test("a copy changed after it was made is found by its hash and made again before it runs", () => {
    const native = nativeTree();
    const cacheRoot = mkdtempSync(path.join(tmpdir(), "pg-cache-"));
    made.push(cacheRoot);
    const copy = sharedCopy({ nativeDir: native, version: "18.0", cacheRoot });
    chmodSync(path.join(copy, "bin", "postgres"), 0o755);
    writeFileSync(path.join(copy, "bin", "postgres"), "#!/bin/sh\necho something else\n");
    const said: string[] = [];
    expect(sharedCopy({ nativeDir: native, version: "18.0", cacheRoot, log: (m) => said.push(m) })).toBe(copy);
    expect(readFileSync(path.join(copy, "bin", "postgres"), "utf8")).toContain("echo postgres");
    expect(said.join("\n")).toMatch(/does not match the package/);
  });

  test("a private folder on the way hides a folder from other users; an open one does not", () => {
    const parent = mkdtempSync(path.join(tmpdir(), "pg-private-"));
    made.push(parent);
    const inside = path.join(parent, "clone", "node_modules");
    mkdirSync(inside, { recursive: true, mode: 0o755 });
    chmodSync(parent, 0o700);
    expect(reachableByOthers(inside)).toBe(false);
    chmodSync(parent, 0o755);
    expect(reachableByOthers(inside)).toBe(true);
  });
});
