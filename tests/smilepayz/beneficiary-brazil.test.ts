import { describe, expect, it } from "vitest";
import { brazil } from "@/lib/smilepayz/regions/brazil";
import { findPayoutMethod } from "@/lib/smilepayz/regions";

/** Run a raw value through the region's own method, as the form and the server do. */
function check(methodCode: string, raw: string): { normalized: string; error: string | null } {
  const method = findPayoutMethod(brazil, methodCode);
  if (!method) throw new Error(`no method ${methodCode}`);
  const normalized = method.normalizeAccount(raw);
  return { normalized, error: method.validateAccount(normalized) };
}

describe("Pix key: CPF", () => {
  it.each([
    ["123.456.789-09", "12345678909"],
    ["111.444.777-35", "11144477735"],
    ["529.982.247-25", "52998224725"],
    ["12532481501", "12532481501"], // the pay-out vector's key
    [" 390 533 447 05 ", "39053344705"],
    ["862.883.667-57", "86288366757"],
  ])("accepts %s as %s", (raw, normalized) => {
    expect(check("CPF", raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["123.456.789-00", "second check digit wrong", /check digits/],
    ["12345678919", "first check digit wrong", /check digits/],
    ["111.111.111-11", "reserved repeated digits (passes the formula)", /reserved/],
    ["1234567890", "10 digits", /11 digits/],
    ["123456789091", "12 digits", /11 digits/],
    ["123.456.789-0X", "a letter", /digits only/],
    ["", "empty", /Enter the CPF/],
  ])("rejects %s (%s)", (raw, _reason, message) => {
    expect(check("CPF", raw).error).toMatch(message);
  });
});

describe("Pix key: CNPJ", () => {
  it.each([
    ["11.222.333/0001-81", "11222333000181"],
    ["12.345.678/0001-95", "12345678000195"],
    ["33.000.167/0001-01", "33000167000101"], // Petrobras
    ["00.000.000/0001-91", "00000000000191"], // Banco do Brasil
    ["60.701.190/0001-04", "60701190000104"], // Itaú Unibanco
    ["12.abc.345/01de-35", "12ABC34501DE35"], // Receita's alphanumeric example (from July 2026)
  ])("accepts %s as %s", (raw, normalized) => {
    expect(check("CNPJ", raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["11.222.333/0001-80", "last check digit wrong", /check digits/],
    ["11.222.333/0001-91", "first check digit wrong", /check digits/],
    ["00.000.000/0000-00", "reserved repeated digits", /reserved/],
    ["11.222.333/0001-8", "13 digits", /14 characters/],
    ["12.ABC.345/01DE-3A", "check digits must be digits", /two check digits/],
    ["12.ABC.345/01DE-36", "alphanumeric with a wrong check digit", /check digits/],
    ["11_222_333_0001_81", "underscores are not separators", /digits only/],
  ])("rejects %s (%s)", (raw, _reason, message) => {
    expect(check("CNPJ", raw).error).toMatch(message);
  });
});

describe("Pix key: phone", () => {
  it.each([
    ["+5511987654321", "+5511987654321"],
    ["(11) 98765-4321", "+5511987654321"],
    ["+55 21 99876-5432", "+5521998765432"],
    ["5561981234567", "+5561981234567"],
    ["+55 (11) 9 8765-4321", "+5511987654321"],
    ["85 99123-4567", "+5585991234567"],
  ])("accepts %s as %s", (raw, normalized) => {
    expect(check("PHONE", raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["+55 11 3333-4444", "landline: Pix phone keys are mobiles", /mobile numbers/],
    ["+55 11 8876-54321", "11 digits but no 9 after the area code", /mobile numbers/],
    ["+55 20 98765-4321", "area code 20 does not exist", /area code 20/],
    ["+1 212 555 0100", "a US number", /Brazilian mobile/],
    ["+55 11 9876-543", "too short", /Brazilian mobile/],
    ["nove oito sete", "words", /Brazilian mobile/],
  ])("rejects %s (%s)", (raw, _reason, message) => {
    expect(check("PHONE", raw).error).toMatch(message);
  });
});

describe("Pix key: e-mail", () => {
  it.each([
    ["fulano@example.com", "fulano@example.com"],
    [" Maria.Silva@Empresa.com.br ", "maria.silva@empresa.com.br"],
    ["pix+aluguel@mail.co", "pix+aluguel@mail.co"],
    ["joao_123@sub.dominio.com.br", "joao_123@sub.dominio.com.br"],
    [`${"a".repeat(64)}@example.com`, `${"a".repeat(64)}@example.com`], // exactly 76 characters
  ])("accepts %s", (raw, normalized) => {
    expect(check("EMAIL", raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["fulano.example.com", "no @", /valid e-mail/],
    ["fulano@", "no domain", /valid e-mail/],
    ["ful ano@example.com", "a space", /valid e-mail/],
    ["a@@example.com", "two @", /valid e-mail/],
    ["fulano@example", "no top-level domain", /valid e-mail/],
    [`${"a".repeat(66)}@example.com`, "78 characters, over the Pix limit of 77", /at most 77/],
  ])("rejects %s (%s)", (raw, _reason, message) => {
    expect(check("EMAIL", raw).error).toMatch(message);
  });
});

describe("Pix key: random (EVP)", () => {
  it.each([
    ["123e4567-e89b-42d3-a456-426614174000", "123e4567-e89b-42d3-a456-426614174000"],
    ["7D9F0335-8DCC-4054-9BF8-0C6DBBD7A8C5", "7d9f0335-8dcc-4054-9bf8-0c6dbbd7a8c5"],
    [" 71c7d9be-4b85-4e43-9f1c-1f3b8b4e9a2d ", "71c7d9be-4b85-4e43-9f1c-1f3b8b4e9a2d"],
    ["f47ac10b58cc4372a5670e02b2c3d479", "f47ac10b-58cc-4372-a567-0e02b2c3d479"],
    ["C56A4180-65AA-42EC-A945-5FD21DEC0538", "c56a4180-65aa-42ec-a945-5fd21dec0538"],
  ])("accepts %s as %s", (raw, normalized) => {
    expect(check("EVP", raw)).toEqual({ normalized, error: null });
  });

  it.each([
    ["123e4567-e89b-42d3-a456-42661417400", "one hex digit short", /32 hex digits/],
    ["123e4567-e89b-42d3-a456-42661417400g", "g is not hex", /32 hex digits/],
    ["{123e4567-e89b-42d3-a456-426614174000}", "braces", /32 hex digits/],
    ["123e4567e89b-42d3-a456-426614174000", "dashes in the wrong places", /32 hex digits/],
    ["00000000-0000-0000-0000-000000000000", "the nil UUID", /all-zero/],
    ["fulano@example.com", "an e-mail under the EVP type", /32 hex digits/],
  ])("rejects %s (%s)", (raw, _reason, message) => {
    expect(check("EVP", raw).error).toMatch(message);
  });
});

describe("receiver.taxNumber (CPF or CNPJ)", () => {
  const rule = brazil.payout.taxNumberRule;
  if (!rule) throw new Error("Brazil must declare its taxNumber rule");
  const run = (raw: string) => rule.validate(rule.normalize(raw));

  it.each(["12345678909", "123.456.789-09", "11.222.333/0001-81", "33000167000101", "529.982.247-25"])(
    "accepts %s",
    (raw) => expect(run(raw)).toBeNull(),
  );

  it.each([
    ["", "empty", /CPF or CNPJ/],
    ["1234567890", "10 digits is neither", /CPF \(11 digits\) or a CNPJ/],
    ["12345678900", "CPF with a wrong check digit", /CPF's check digits/],
    ["11222333000180", "CNPJ with a wrong check digit", /CNPJ's check digits/],
    ["111.111.111-11", "reserved CPF", /reserved/],
  ])("rejects %s (%s)", (raw, _reason, message) => expect(run(raw)).toMatch(message));
});
