import { expect } from "chai";
import { z } from "zod";
import { AppError } from "../../../server/domain/errors.ts";
import { decodeCursor, encodeCursor, toPage } from "../../../server/domain/page-cursor.ts";

const ZPosition = z.strictObject({ block: z.string().regex(/^\d+$/), log: z.number().int() });

describe("page cursors", () => {
  it("give back the position they were made from", () => {
    expect(decodeCursor(ZPosition, encodeCursor({ block: "12", log: 3 }))).to.deep.equal({ block: "12", log: 3 });
  });

  for (const [what, text] of [
    ["not base64url", "a+b/c"],
    ["not JSON", Buffer.from("{oops").toString("base64url")],
    ["another shape", encodeCursor({ block: "x", log: 1 })],
    ["too long", "a".repeat(600)],
  ] as const) {
    it(`refuse one that is ${what}, naming the cursor`, () => {
      let error: unknown;
      try {
        decodeCursor(ZPosition, text);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(AppError);
      expect((error as AppError).errors).to.deep.equal([{ field: "cursor", reason: "is not a valid cursor" }]);
    });
  }

  it("cut one row past the limit into a next cursor, and none on the last page", () => {
    const rows = [1, 2, 3];
    const full = toPage(rows, 2, (r) => r * 10, (r) => ({ block: String(r), log: 0 }));
    expect(full.items).to.deep.equal([10, 20]);
    expect(decodeCursor(ZPosition, full.next!)).to.deep.equal({ block: "2", log: 0 });
    expect(toPage(rows, 3, (r) => r, (r) => ({ block: String(r), log: 0 })).next).to.equal(null);
  });
});
