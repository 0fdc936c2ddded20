import "server-only";

/** What a `perJobResults` batch handler answers for one job (pg-boss retries a failed one with its queue's backoff). */
export type JobOutcome = { id: string; status: "completed"; output: unknown } | { id: string; status: "failed"; output: { message: string } };

/**
 * One job of a batch run on its own: completed with what `run` returned, or failed with why, so a batch's other jobs
 * keep their own results. `onFailure` hears the error (a log line), nothing more.
 */
export async function jobResult<J extends { id: string }>(job: J, run: () => Promise<unknown>, onFailure?: (message: string) => void): Promise<JobOutcome> {
  try {
    return { id: job.id, status: "completed", output: (await run()) ?? null };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    onFailure?.(message);
    return { id: job.id, status: "failed", output: { message } };
  }
}
