/**
 * Every audit action the app writes, in words, grouped for the audit log's filter; the wire name (`user.updated`)
 * stays what the API, the export and the filter's URL carry. An action missing here still shows, by its wire name.
 * Pure module.
 */
export const AUDIT_ACTION_GROUPS: ReadonlyArray<{ group: string; actions: Readonly<Record<string, string>> }> = [
  {
    group: "Sign-in and accounts",
    actions: {
      "auth.sign_in": "Signed in",
      "auth.sign_in_failures": "Failed sign-ins (counted per minute)",
      "auth.recovery_code_used": "Signed in with a recovery code",
      "user.password_changed": "Changed their password",
      "user.two_factor_enabled": "Turned on two-factor sign-in",
      "user.recovery_codes_generated": "Made new recovery codes",
      "user.sessions_ended": "Ended sessions",
    },
  },
  {
    group: "Users",
    actions: {
      "user.created": "User created",
      "user.updated": "User changed (role, merchants, reveal)",
      "user.disabled": "User disabled",
      "user.enabled": "User enabled",
      "user.two_factor_reset": "Two-factor reset by an admin",
    },
  },
  {
    group: "Pending changes (four eyes)",
    actions: {
      "pending_change.requested": "Change asked for",
      "pending_change.approved": "Change approved",
      "pending_change.rejected": "Change rejected",
      "pending_change.withdrawn": "Change withdrawn",
    },
  },
  {
    group: "API keys",
    actions: {
      "api_key.created": "API key created",
      "api_key.activated": "API key activated (second admin)",
      "api_key.rolled": "API key's secret rolled",
      "api_key.revoked": "API key revoked",
      "api_key.used": "API key used",
    },
  },
  {
    group: "Merchant credentials",
    actions: {
      "credential.created": "Credential created",
      "credential.updated": "Credential changed",
      "credential.key_pair_generated": "Key pair generated",
      "credential.connection_tested": "Connection tested",
      "credential.approval_thresholds_changed": "Approval thresholds changed",
    },
  },
  {
    group: "Webhooks",
    actions: {
      "webhook_endpoint.created": "Webhook endpoint added",
      "webhook_endpoint.secret_rolled": "Webhook signing secret rolled",
      "webhook_endpoint.disabled": "Webhook endpoint disabled (failing for 3 days)",
      "webhook_endpoint.enabled": "Webhook endpoint switched on again",
      "webhook_event.resent": "Webhook event sent again",
    },
  },
  {
    group: "Pay-outs",
    actions: {
      "payout.created": "Pay-out created",
      "payout.status_changed": "Pay-out status changed (approved, rejected, sent, paid, failed…)",
      "payout.cancelled": "Pay-out withdrawn",
      "payout.flagged": "Pay-out flagged",
      "payout.refused_at_dispatch": "Pay-out stopped before sending (changed after approval)",
      "payouts.exported": "Pay-outs exported",
    },
  },
  {
    group: "Runs (files of pay-outs)",
    actions: {
      "payout_batch.created": "Run created",
      "payout_batch.approved": "Run approved",
      "payout_batch.rejected": "Run rejected",
      "payout_batch.cancelled": "Run cancelled",
      "payout_batch.paused": "Run paused",
      "payout_batch.resumed": "Run resumed",
      "payout_batch.result_exported": "Run results downloaded",
    },
  },
  {
    group: "Pay-ins",
    actions: {
      "payin.created": "Pay-in created",
      "payin.status_changed": "Pay-in status changed",
      "payin.flagged": "Pay-in flagged",
      "payin.payer_link_issued": "Payer link made",
      "payin.payer_link_revoked": "Payer link revoked",
      "payins.exported": "Pay-ins exported",
    },
  },
  {
    group: "Orders and callbacks",
    actions: {
      "order.note_added": "Note added to an order",
      "order.value_revealed": "Masked number revealed",
      "orders.exported": "Order search exported",
      "callback.reapplied": "Callback applied again",
      "callback.resolved": "Callback conflict resolved",
      "audit.exported": "Audit log exported",
    },
  },
];

const LABELS: Readonly<Record<string, string>> = Object.assign({}, ...AUDIT_ACTION_GROUPS.map((g) => g.actions));

/** "User changed (role, merchants, reveal)" for `user.updated`; the wire name itself when unknown. */
export function auditActionLabel(action: string): string {
  return LABELS[action] ?? action;
}
