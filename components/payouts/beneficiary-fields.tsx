"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { Field, inputClass } from "@/components/ui/field";
import type { CreatePayoutInput } from "@/lib/payouts/schemas";
import { findPayoutMethod, getRegion, isRegionCode } from "@/lib/smilepayz/regions";
import { Options } from "@/components/ui/options";

/**
 * The region's beneficiary fields, read from its region file: Thai bank + account; Philippine bank or e-wallet
 * + account + receiver name; Brazilian Pix key type + key + tax number; USDT network + address.
 */
export function BeneficiaryFields({
  region,
  method,
  register,
  errors,
  recheckAccount,
}: {
  region: string;
  method: string;
  register: UseFormRegister<CreatePayoutInput>;
  errors: FieldErrors<CreatePayoutInput>;
  /** The account's rules follow the method and network: check it again when they change. */
  recheckAccount: () => void;
}) {
  if (!isRegionCode(region)) return null;
  const r = getRegion(region);
  const chosen = findPayoutMethod(r, method);
  const methods = r.payout.methods;
  const banks = methods.filter((m) => m.kind === "bank");
  const wallets = methods.filter((m) => m.kind === "ewallet");
  const aria = (name: keyof CreatePayoutInput) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${name}-error` : undefined,
  });
  const methodLabel = r.code === "BR" ? "Pix key type" : r.code === "PH" ? "Bank or e-wallet" : "Bank";

  return (
    <>
      {r.payout.networks ? (
        <Field id="network" label="Network" error={errors.network?.message} hint="The address must belong to this network: USDT sent on the wrong chain is lost.">
          <select id="network" className={inputClass} {...aria("network")} {...register("network", { onChange: recheckAccount })}>
            <option value="">Choose…</option>
            <Options items={r.payout.networks.map((n) => [n, n])} />
          </select>
        </Field>
      ) : (
        <Field id="method" label={methodLabel} error={errors.method?.message}>
          <select id="method" className={inputClass} {...aria("method")} {...register("method", { onChange: recheckAccount })}>
            <option value="">Choose…</option>
            {wallets.length > 0 ? (
              <>
                <optgroup label="Banks">
                  <Options items={banks.map((m) => [m.code, m.label])} />
                </optgroup>
                <optgroup label="E-wallets">
                  <Options items={wallets.map((m) => [m.code, m.label])} />
                </optgroup>
              </>
            ) : (
              <Options items={methods.map((m) => [m.code, m.label])} />
            )}
          </select>
        </Field>
      )}
      <Field id="account" label={chosen?.accountLabel ?? "Account"} error={errors.account?.message}>
        <input
          id="account"
          autoComplete="off"
          spellCheck={false}
          placeholder={chosen?.accountPlaceholder}
          className={`${inputClass} font-mono`}
          {...aria("account")}
          {...register("account")}
        />
      </Field>
      {r.payout.receiverName ? (
        <Field id="receiverName" label="Receiver name" hint="As the bank or wallet knows it" error={errors.receiverName?.message}>
          <input id="receiverName" autoComplete="off" className={inputClass} {...aria("receiverName")} {...register("receiverName")} />
        </Field>
      ) : null}
      {r.payout.taxNumber ? (
        <Field id="taxNumber" label={`Receiver tax number (${r.payout.taxNumberRule?.label ?? "tax id"})`} error={errors.taxNumber?.message}>
          <input id="taxNumber" autoComplete="off" placeholder="123.456.789-09" className={`${inputClass} font-mono`} {...aria("taxNumber")} {...register("taxNumber")} />
        </Field>
      ) : null}
    </>
  );
}
