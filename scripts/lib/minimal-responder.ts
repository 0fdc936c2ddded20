import { spawn } from "node:child_process";
import path from "node:path";

/**
 * The bench's minimal responder: accepts every pay-out at once (code 00, PROCESSING), checks nothing. It runs in a
 * process of its own (minimal-responder-server.mjs), as a gateway is another machine: in the dispatcher's process
 * its HTTP server took a fifth of the thread being measured.
 */
export async function minimalResponder(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "minimal-responder-server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`minimal responder exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        child.once("exit", () => r());
        child.stdin.end();
      }),
  };
}
