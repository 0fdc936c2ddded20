import path from "node:path";

/** One test file of vitest's JSON report (its jest-compatible shape). */
export interface VitestFileResult {
  name: string;
  message?: string;
  assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
}

/**
 * The failed tests by file and title, with the first line of each message; a file that failed outside any test (an
 * import, a hook) by its own message. `npm test` prints them again at its very end, where a CI log cut to its tail
 * still shows them (the reporter's own account is hundreds of lines above).
 */
export function failedTestLines(label: string, files: readonly VitestFileResult[], root: string): string[] {
  const first = (m: string | undefined) => (m ?? "").split("\n").find((l) => l.trim())?.trim().slice(0, 300) ?? "";
  return files.flatMap((file) => {
    const where = path.relative(root, file.name);
    const bad = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    if (bad.length === 0) return file.message ? [`${label}: ${where}: ${first(file.message)}`] : [];
    return bad.map((a) => `${label}: ${where} > ${a.fullName}: ${first(a.failureMessages?.[0])}`);
  });
}
