import { describe, expect, it } from "vitest";
import { failedTestLines } from "@/scripts/lib/vitest-failures";

describe("npm test's closing list of failed tests", () => {
  it("names each failed test by file and title with its message's first line, and a file that failed outside its tests", () => {
    const root = "/repo";
    const lines = failedTestLines(
      "unit",
      [
        { name: "/repo/tests/a.test.ts", message: "", assertionResults: [
          { fullName: "a > passes", status: "passed", failureMessages: [] },
          { fullName: "a > compares", status: "failed", failureMessages: ["\n  AssertionError: expected 2 to be 3 // Object.is equality\n    at tests/a.test.ts:9:5"] },
        ] },
        { name: "/repo/tests/b.test.ts", message: "Error: Cannot find module '@/lib/gone'\n  at import", assertionResults: [] },
        { name: "/repo/tests/c.test.ts", message: "", assertionResults: [{ fullName: "c > ok", status: "passed" }] },
      ],
      root,
    );
    expect(lines).toEqual([
      "unit: tests/a.test.ts > a > compares: AssertionError: expected 2 to be 3 // Object.is equality",
      "unit: tests/b.test.ts: Error: Cannot find module '@/lib/gone'",
    ]);
  });
});
