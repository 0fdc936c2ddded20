import http from "node:http";

/** The bench's minimal responder: accepts every pay-out at once (code 00, PROCESSING), checks nothing. */
export async function minimalResponder(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const orderNo = (/"orderNo":"([^"]+)"/.exec(Buffer.concat(chunks).toString()) ?? [])[1] ?? "";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "00", message: "Successful", orderNo, tradeNo: `T${orderNo}`, status: "PROCESSING" }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

