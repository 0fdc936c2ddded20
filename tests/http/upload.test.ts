import { describe, expect, it } from "vitest";
import { readUpload } from "@/lib/api/route";

const CSV = "region,method,account,amount\nTH,KBANK,1234567890,1500\n";

describe("upload routes read a file within their own cap and media types", () => {
  it("takes a multipart file field", async () => {
    const form = new FormData();
    form.append("file", new File([CSV], "payouts.csv", { type: "text/csv" }));
    const req = new Request("http://x/api/payouts/batches/upload", { method: "POST", body: form });
    const up = await readUpload(req, ["text/csv"], 1024 * 1024);
    expect(up).toMatchObject({ contentType: "text/csv", filename: "payouts.csv" });
    expect(new TextDecoder().decode(up.bytes)).toBe(CSV);
  });

  it("takes a text/csv body", async () => {
    const req = new Request("http://x/u", { method: "POST", body: CSV, headers: { "content-type": "text/csv; charset=utf-8" } });
    expect(new TextDecoder().decode((await readUpload(req, ["text/csv"], 1024)).bytes)).toBe(CSV);
  });

  it("refuses other media types (415), a form without the file (400) and a file over the cap (413)", async () => {
    const json = new Request("http://x/u", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await expect(readUpload(json, ["text/csv"], 1024)).rejects.toMatchObject({ code: "unsupported_media_type" });
    const png = new FormData();
    png.append("file", new File(["x"], "a.png", { type: "image/png" }));
    await expect(readUpload(new Request("http://x/u", { method: "POST", body: png }), ["text/csv"], 1024)).rejects.toMatchObject({ code: "unsupported_media_type" });
    const empty = new FormData();
    empty.append("other", "x");
    await expect(readUpload(new Request("http://x/u", { method: "POST", body: empty }), ["text/csv"], 1024)).rejects.toMatchObject({ code: "invalid_input" });
    const big = new Request("http://x/u", { method: "POST", body: "x".repeat(5000), headers: { "content-type": "text/csv" } });
    await expect(readUpload(big, ["text/csv"], 1024)).rejects.toMatchObject({ code: "payload_too_large" });
  });
});
