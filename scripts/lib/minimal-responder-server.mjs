// The bench's minimal responder as a process of its own (a gateway is another machine: its work must not be
// counted against the dispatcher's own thread). Accepts every pay-out at once (code 00, PROCESSING), checks
// nothing. Prints `listening <port>` when ready; exits when its parent's stdin closes.
import http from "node:http";

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const orderNo = (/"orderNo":"([^"]+)"/.exec(Buffer.concat(chunks).toString()) ?? [])[1] ?? "";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "00", message: "Successful", orderNo, tradeNo: `T${orderNo}`, status: "PROCESSING" }));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
