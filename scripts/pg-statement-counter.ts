/**
 * A TCP relay in front of PostgreSQL that counts the statements one client sends (bench only): every Execute
 * ('E') and simple Query ('Q') message of the connections whose startup names the given application_name, by
 * statement text (Parse names a statement, Bind ties a portal to it). The wire bytes pass through unchanged.
 */
import net from "node:net";

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

export interface StatementCounter {
  port: number;
  /** Statements so far, and per text (whitespace collapsed, cut to 120 characters). */
  snapshot(): { total: number; byText: Map<string, number> };
  close(): Promise<void>;
}

export async function startStatementCounter(target: { host: string; port: number }, applicationName: string): Promise<StatementCounter> {
  let total = 0;
  const byText = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const parse = parser((text) => {
      total++;
      const key = text.replace(/\s+/g, " ").trim().slice(0, 120);
      byText.set(key, (byText.get(key) ?? 0) + 1);
    }, applicationName);
    client.on("data", (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    snapshot: () => ({ total, byText: new Map(byText) }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The frontend half of one connection's protocol stream: startup (untyped) messages first, then typed ones. */
function parser(onStatement: (text: string) => void, applicationName: string) {
  let buf: Buffer = Buffer.alloc(0);
  let started = false;
  let counted = false;
  const statements = new Map<string, string>();
  const portals = new Map<string, string>();
  return (chunk: Buffer) => {
    buf = buf.length > 0 ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (!started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) {
          const params = buf.subarray(8, len).toString("utf8").split("\0");
          for (let i = 0; i + 1 < params.length; i += 2) if (params[i] === "application_name") counted = params[i + 1] === applicationName;
          started = true;
        }
        buf = buf.subarray(len);
        continue;
      }
      if (buf.length < 5) return;
      const type = String.fromCharCode(buf[0] ?? 0);
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      const body = buf.subarray(5, 1 + len);
      buf = buf.subarray(1 + len);
      if (!counted) continue;
      const [a = "", b = ""] = body.toString("utf8").split("\0");
      if (type === "Q") onStatement(a);
      else if (type === "P") statements.set(a, b);
      else if (type === "B") portals.set(a, statements.get(b) ?? "?");
      else if (type === "E") onStatement(portals.get(a) ?? "?");
    }
  };
}
