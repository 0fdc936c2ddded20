import { describe, expect, it } from "vitest";
import { changePassword } from "@/lib/account/change-password";
import { commonPasswordProblem } from "@/lib/auth/common-passwords";
import { hashPassword } from "@/lib/auth/password";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { fieldsFromIssues } from "@/lib/errors";
import { ctxFor } from "../helpers/ctx";
import { testDb } from "../helpers/db";
import { createUser } from "../helpers/factories";

const fieldsOf = (newPassword: string) => {
  const r = changePasswordSchema.safeParse({ currentPassword: "the-old-one-x", newPassword, confirmPassword: newPassword });
  return r.success ? {} : fieldsFromIssues(r.error.issues);
};

describe("new passwords are checked against the common ones", () => {
  it.each([
    ["password1234", "Too easy to guess: it contains the word “password”"],
    ["P4ssw0rd-2026", "Too easy to guess: it contains the word “password”"],
    ["123456789012", "Too common: it is on the list of passwords that are guessed first"],
    ["qwertyuiop12", "Too common: it is on the list of passwords that are guessed first"],
    ["1q2w3e4r5t6y", "Too common: it is on the list of passwords that are guessed first"],
    ["iloveyou2026!", "Too common: it is on the list of passwords that are guessed first"],
    ["monkeymonkey", "Too common: it is on the list of passwords that are guessed first"],
    ["Smilepayz-2026", "Too easy to guess: it contains the app's name"],
  ])("%s is refused on the new password's field", (pw, message) => {
    expect(fieldsOf(pw)).toEqual({ newPassword: message });
  });

  it.each(["correct horse battery", "Tr0ub4dor&3xyz", "a-much-better-phrase-26"])("%s is accepted", (pw) => {
    expect(fieldsOf(pw)).toEqual({});
    expect(commonPasswordProblem(pw, "someone@test.example")).toBeNull();
  });

  it("the account's e-mail name is refused by the server, which knows it, and nothing changes", async () => {
    const db = testDb();
    const u = await createUser(db, { email: "fah.finance@test.example", passwordHash: await hashPassword("the-old-one-x") });
    const input = changePasswordSchema.parse({ currentPassword: "the-old-one-x", newPassword: "fahfinance-2026", confirmPassword: "fahfinance-2026" });
    await expect(changePassword({ ctx: ctxFor(db, u), input })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { newPassword: "Too easy to guess: it contains your e-mail address" },
    });
  });
});
