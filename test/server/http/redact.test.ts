import { Writable } from "node:stream";
import { expect } from "chai";
import type { Request, Response } from "express";
import pino from "pino";
import { problemHandler } from "../../../server/http/problem.ts";
import { REDACTED_CODE, redactError, redactTrackingCodes } from "../../../server/http/redact.ts";

const CODE = "DN-7K3Q-9XPA-M2RT-5WCB";

describe("redacting tracking codes from logs", function () {
  describe("redactTrackingCodes", function () {
    const cases: [string, string][] = [
      [`/track/${CODE}`, `/track/${REDACTED_CODE}`],
      [`/api/v1/track/${CODE}`, `/api/v1/track/${REDACTED_CODE}`],
      [`/api/v1/track/${CODE.toLowerCase()}`, `/api/v1/track/${REDACTED_CODE}`],
      ["/TRACK/7k3q9xpam2rt5wcb", `/TRACK/${REDACTED_CODE}`],
      // A mistyped code is one symbol from a real one; an encoded one is still one.
      ["/track/DN-7K3Q-9XPA-M2RT-5WCC", `/track/${REDACTED_CODE}`],
      ["/track/DN%2D7K3Q%2D9XPA%2DM2RT%2D5WCB", `/track/${REDACTED_CODE}`],
      [`/track/${CODE}/extra`, `/track/${REDACTED_CODE}/extra`],
      [`No gift has the code ${CODE}.`, `No gift has the code ${REDACTED_CODE}.`],
      ["code dn7k3q9xpam2rt5wcb typed bare", `code ${REDACTED_CODE} typed bare`],
    ];
    for (const [input, expected] of cases) {
      it(`${input} → ${expected}`, function () {
        expect(redactTrackingCodes(input)).to.equal(expected);
      });
    }

    it("leaves paths and texts without a code alone", function () {
      for (const text of ["/track", "/track/", "/", "/health", "/api/v1/writes/12", "/api/v1/donations", "Campaign 7 is closed.", "DN-1234"]) {
        expect(redactTrackingCodes(text)).to.equal(text);
      }
    });
  });

  describe("redactError", function () {
    it("redacts the message, the stack and any other field, and keeps the rest", function () {
      const error = Object.assign(new Error(`lookup of ${CODE} failed`), { code: "P1001", meta: { path: `/api/v1/track/${CODE}`, id: 12n } });
      const logged = redactError(error) as Record<string, any>;
      expect(JSON.stringify(logged)).to.not.include("7K3Q");
      expect(logged.message).to.equal(`lookup of ${REDACTED_CODE} failed`);
      expect(logged.stack).to.match(/^Error: lookup of DN-…redacted failed\n\s+at /);
      expect(logged).to.deep.include({ type: "Error", code: "P1001", meta: { path: `/api/v1/track/${REDACTED_CODE}`, id: "12" } });
    });

    it("copes with errors that are not serialisable", function () {
      const cyclic: Record<string, unknown> = { message: `about ${CODE}` };
      cyclic.self = cyclic;
      expect(redactError(cyclic)).to.deep.equal({ type: "object", message: `about ${REDACTED_CODE}` });
    });
  });

  describe("the error handler", function () {
    for (const path of [`/track/${CODE}`, `/api/v1/track/${CODE}`]) {
      it(`logs a failure at ${path} without the code`, function () {
        const lines: string[] = [];
        const logger = pino({ level: "error" }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
        const handler = problemHandler(logger, (status) => `page ${status}`);
        const sent: { status?: number; body?: string } = {};
        const res = {
          status(s: number) {
            sent.status = s;
            return this;
          },
          type() {
            return this;
          },
          send(body: string) {
            sent.body = body;
            return this;
          },
          setHeader() {},
        } as unknown as Response;
        handler(new Error(`database gone while reading ${CODE}`), { path } as Request, res, () => {});

        expect(sent.status).to.equal(500);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.not.include("7K3Q");
        const entry = JSON.parse(lines[0]!);
        expect(entry.path).to.equal(path.replace(CODE, REDACTED_CODE));
        expect(entry.err.message).to.equal(`database gone while reading ${REDACTED_CODE}`);
      });
    }
  });
});
