import { expect } from "vitest";
import { freshUser, nextTotpCode, signedIn, type Session } from "./app";

/**
 * Changes that loosen a control (a money role, a wider merchant scope, a higher threshold, reveal, an admin demoted
 * or disabled, a new credential, a credential's keys or URLs) wait for a second admin. Tests that make such a change through the API or the UI go through the
 * real four-eyes path: the first admin requests it, `approveAsSecondAdmin` approves it over HTTP as another admin
 * with a fresh TOTP code. That second admin is a fixture made in the database (freshUser), as other tests' users
 * are; tests that only need a user with a role make it the same way, without the admin API.
 */
// A new one per approval: another test file may have disabled the admins it did not make (users.e2e.ts).
async function secondAdmin() {
  const u = await freshUser("admin", { allMerchants: true });
  if (!u.secret) throw new Error("the second admin needs two-factor");
  return { session: await signedIn(u.email, u.password, u.secret), email: u.email, secret: u.secret };
}

/** Approve a pending change as another admin, over HTTP; returns the answer's body (targetId: what it made or changed). */
export async function approveAsSecondAdmin(pendingChangeId: number): Promise<{ status: string; summary: string; targetId: number }> {
  const b = await secondAdmin();
  const res = await b.session.json(`/api/pending-changes/${pendingChangeId}/approve`, "POST", { code: await nextTotpCode(b.email, b.secret) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { status: string; summary: string; targetId: number };
}

/** A new credential, requested by `admin` (202: it waits) and approved by a second admin; its id and the first answer. */
export async function createCredentialApproved(admin: Session, body: unknown): Promise<{ id: number; requested: string }> {
  const res = await admin.json("/api/merchants", "POST", body);
  const requested = await res.text();
  expect(res.status, requested).toBe(202);
  const { pendingChange } = JSON.parse(requested) as { pendingChange: { id: number } };
  return { id: (await approveAsSecondAdmin(pendingChange.id)).targetId, requested };
}

/** The request as the first admin sends it; a 202 (waiting) is approved by a second admin. Returns the first answer. */
export async function requestAndApprove(admin: Session, path: string, method: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await admin.json(path, method, body);
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status === 202) await approveAsSecondAdmin((json.pendingChange as { id: number }).id);
  return { status: res.status, body: json };
}
