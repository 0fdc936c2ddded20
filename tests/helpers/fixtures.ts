import { readFileSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(__dirname, "../fixtures/smilepayz");
export const fixture = (name: string) => readFileSync(path.join(dir, name), "utf8");

export interface Vectors {
  merchantId: string;
  merchantSecret: string;
  requests: { name: string; path: string; xTimestamp: string; body: string; stringToSign: string; xSignature: string }[];
  callbacks: { xTimestamp: string; body: string; stringToSign: string; xSignature: string }[];
}
export const vectors = JSON.parse(fixture("vectors.json")) as Vectors;
export const MERCHANT_PRIVATE = fixture("merchant-private.pem");
export const MERCHANT_PUBLIC = fixture("merchant-public.pem");
export const PLATFORM_PRIVATE = fixture("platform-private.pem");
export const PLATFORM_PUBLIC = fixture("platform-public.pem");
