// Next.js calls register() once per server process: this instance joins the shared job queue.
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWorkers } = await import("./lib/workers/start-workers");
  await startWorkers();
  // What this process was handed by `npm start`: a server that cannot see the bundled sandbox says so at boot.
  const [{ log }, { sandboxGatewayOrigin }] = await Promise.all([import("./lib/log"), import("./lib/merchants/gateway-url-policy")]);
  log().info({ sandboxGateway: sandboxGatewayOrigin() ?? "none" }, "bundled sandbox gateway as this server sees it");
}
