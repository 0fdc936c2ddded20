/**
 * A saved payee's lifecycle. New or changed bank details wait for a second person (PENDING_VERIFICATION); only a
 * VERIFIED, not archived beneficiary can be paid by its id. Pure module: the schema, the forms and the words read it.
 */
export const BENEFICIARY_STATUSES = ["PENDING_VERIFICATION", "VERIFIED", "REJECTED"] as const;
export type BeneficiaryStatus = (typeof BENEFICIARY_STATUSES)[number];

/** As a finance person says it. */
export const BENEFICIARY_STATUS_WORDS: Record<BeneficiaryStatus, string> = {
  PENDING_VERIFICATION: "Waiting for verification",
  VERIFIED: "Verified",
  REJECTED: "Rejected",
};
