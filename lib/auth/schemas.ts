import { z } from "zod";
import { commonPasswordProblem } from "./common-passwords";

/** One schema per input, shared by the form (react-hook-form resolver) and the server. Pure module. */

export const email = z
  .string()
  .trim()
  .min(1, "Enter an e-mail address")
  .max(254, "At most 254 characters")
  .pipe(z.email("Enter a valid e-mail address"))
  .transform((v) => v.toLowerCase());

/** A recovery code as printed ("abcde-fghjk"), forgiving case, spaces and the dash. */
const RECOVERY_CODE = /^[a-z2-9]{5}-?[a-z2-9]{5}$/;
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}
export function isRecoveryCodeShape(code: string): boolean {
  return RECOVERY_CODE.test(code.trim().toLowerCase().replace(/\s/g, ""));
}

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password").max(200, "At most 200 characters"),
  // The 6 digits from the app, or one of the recovery codes given at enrolment.
  totp: z
    .string()
    .trim()
    .max(20, "The code has 6 digits (or a recovery code: 10 letters and digits)")
    .refine((v) => /^(\d{6})?$/.test(v) || isRecoveryCodeShape(v), "The code has 6 digits (or a recovery code: 10 letters and digits)")
    .optional(),
});
export type SignInInput = z.input<typeof signInSchema>;

/** Password policy: long beats complex (NIST 800-63B); the demo passwords meet it. */
export const newPassword = z
  .string()
  .min(12, "At least 12 characters")
  .max(128, "At most 128 characters")
  .refine((v) => v.trim().length === v.length, "No spaces at the start or end")
  .refine((v) => new Set(v).size >= 5, "Too repetitive")
  .superRefine((v, c) => {
    const problem = commonPasswordProblem(v);
    if (problem) c.addIssue({ code: "custom", message: problem });
  });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200, "At most 200 characters"),
    newPassword,
    confirmPassword: z.string().min(1, "Repeat the new password"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords differ" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a new password" });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const totpCodeSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "The code has 6 digits"),
});
export type TotpCodeInput = z.input<typeof totpCodeSchema>;
