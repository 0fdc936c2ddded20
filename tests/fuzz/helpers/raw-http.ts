import http from "node:http";

/**
 * One HTTP request with what fetch() will not do: a chosen source address on the loopback network (127.0.0.0/8
 * is all loopback on Linux, so each "sender" is a peer address of its own to the app's per-address limits), raw
 * bytes in any encoding, and a body sent chunked (no Content-Length to refuse it by).
 */
export interface RawAnswer {
  status: number;
  type: string;
  text: string;
}

export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string; localAddress?: string; chunked?: boolean },
): Promise<RawAnswer> {
  const u = new URL(url);
  const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? Buffer.from(opts.body, "utf8") : Buffer.from(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (body && !opts.chunked) headers["content-length"] = String(body.byteLength);
  return new Promise((resolve, fail) => {
    let settled = false;
    const reject = (err: Error) => {
      if (!settled) fail(err);
      settled = true;
    };
    const req = http.request(
      { host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: opts.method ?? "POST", headers, localAddress: opts.localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          settled = true;
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error("timed out")));
    // The server may answer (413, 429) and close before it has read a large body: that answer is what counts.
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") setTimeout(() => reject(new Error("the server closed without an answer")), 5_000);
      else reject(err);
    });
    if (body && opts.chunked) {
      for (let i = 0; i < body.byteLength; i += 16_384) req.write(body.subarray(i, i + 16_384));
      req.end();
    } else req.end(body);
  });
}

/** Run `fn` over `items`, `n` at a time, in order of start. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}
