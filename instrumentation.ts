// Next.js calls register() once per server process: this instance joins the shared job queue.
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startJobs } = await import("./lib/jobs/start-jobs");
  await startJobs();
}
