import { describe, expect, it } from "vitest";
import { measure } from "../scripts/structure";

// The shape the redesign left, held: `npm run structure` prints the same figures with the offending paths.
describe("the code's structure", () => {
  const m = measure();

  it("no import in lib/ runs back up the floors (a lower floor never imports a higher one)", () => {
    expect(m.importsBackUp).toEqual([]);
  });

  it("no files and no folders of lib/ import each other round in a circle", () => {
    expect(m.fileCircles).toEqual([]);
    expect(m.unitCircles).toEqual([]);
  });

  it("no file in lib/, components/ or app/ is over 250 lines, and no function in the money path over 60", () => {
    expect(m.filesOver250).toEqual([]);
    expect(m.moneyFunctionsOver60).toEqual([]);
  });
});
