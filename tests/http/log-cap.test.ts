import { describe, expect, it } from "vitest";
import { capLogLine, LOG_LINE_MAX_BYTES } from "@/lib/log";
// @ts-expect-error -- plain JavaScript module of the server, without type declarations
import { capConsole as capConsoleJs, capText as capTextJs } from "../../scripts/log-cap.mjs";

const capText = capTextJs as (text: string, max?: number) => string;
const capConsole = capConsoleJs as (target: Pick<Console, "log" | "info" | "warn" | "error" | "debug" | "trace">, max?: number) => void;

describe("every log line has a size cap", () => {
  it("an app log line past the cap becomes one JSON line under it, keeping level, time and the start of the message", () => {
    const line = `${JSON.stringify({ level: 40, time: 1, msg: "next-auth error", input: "x".repeat(50_000) })}\n`;
    const capped = capLogLine(line);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(LOG_LINE_MAX_BYTES);
    expect(capped.endsWith("\n") && !capped.slice(0, -1).includes("\n")).toBe(true);
    expect(JSON.parse(capped)).toMatchObject({ level: 40, time: 1, msg: "next-auth error", cut: true, bytes: Buffer.byteLength(line) });
    const short = `${JSON.stringify({ level: 30, msg: "fine" })}\n`;
    expect(capLogLine(short)).toBe(short);
  });

  it("what Next prints through console (an error with its stack and the input) is one line of at most 2 KiB", () => {
    const lines: string[] = [];
    const keep = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const target = { log: keep, info: keep, warn: keep, error: keep, debug: keep, trace: keep };
    capConsole(target);
    const err = Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL", input: `http://[${"A".repeat(20_000)}` });
    target.error(" ⨯", err);
    target.log("plain");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ ⨯ TypeError: Invalid URL/);
    expect(lines[0]).not.toContain("\n");
    expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
    expect(Buffer.byteLength(lines[0] ?? "")).toBeLessThanOrEqual(2_048);
    expect(lines[1]).toBe("plain");
    expect(Buffer.byteLength(capText("é".repeat(5_000)))).toBeLessThanOrEqual(2_048);
  });
});
