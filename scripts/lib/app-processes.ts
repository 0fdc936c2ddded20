import path from "node:path";

/**
 * The node arguments of the two processes `npm start` runs (scripts/start.ts), so a bench that says it runs the
 * app as `npm start` does (scripts/bench-callbacks.ts) starts the very same ones: the web server (Next behind
 * scripts/serve.mjs; scripts/second-instance.ts starts another such server) and the confirmation process (scripts/confirm-worker.ts, TypeScript through tsx).
 */
export function webServerArgs(root: string, opts: { nodeArgs?: string[]; dev?: boolean } = {}): string[] {
  return [...(opts.nodeArgs ?? []), path.join(root, "scripts", "serve.mjs"), ...(opts.dev ? ["--dev"] : [])];
}

export function confirmWorkerArgs(root: string, nodeArgs: string[] = []): string[] {
  return [...nodeArgs, "--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "confirm-worker.ts")];
}
