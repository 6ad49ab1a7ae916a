import { createHash } from "node:crypto";
import { expect } from "chai";
import { LIMITS } from "../../server/domain/schemas.ts";
import { createApiClient } from "../../server/services/create-api-client.ts";
import { pdfFile, pngFile } from "../support/evidence-files.ts";
import { call, newKey, tokenFor, type Answer } from "../support/http.ts";
import { getTestSystem, postFoundationGift, type TestSystem } from "../support/system.ts";

const hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("evidence files: uploaded through the API, kept by their SHA-256, read by their organisation and regulators", function () {
  this.timeout(60_000);
  let t: TestSystem;
  const tokens = { foundation: "", partner: "", regulator: "" };
  // Each run's files are its own bytes, so "the first upload" holds on a database that outlives runs.
  const stamp = newKey("evidence");
  const pdf = pdfFile(stamp);
  const png = pngFile(stamp);

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    tokens.foundation = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    tokens.partner = await tokenFor(t.baseUrl, t.demo.partner.clientId, t.demo.partner.secret);
    const regulator = await createApiClient({ ...t.system.stores, clientId: `evidence-regulator-${Date.now().toString(36)}`, role: "regulator" });
    tokens.regulator = await tokenFor(t.baseUrl, regulator.clientId, regulator.secret);
  });

  const upload = (token: string, bytes: Uint8Array, contentType: string, query = "") =>
    call(t.baseUrl, "POST", `/api/v1/evidence${query}`, { token, rawBody: bytes, headers: { "content-type": contentType } });
  // A regulator says why (the read goes to the access log); the organisation's own clients need not.
  const download = (token: string | undefined, hash: string) =>
    call(t.baseUrl, "GET", `/api/v1/evidence/${hash}${token === tokens.regulator ? "?purpose=evidence+test" : ""}`, { ...(token ? { token } : {}), bytes: true });
  const rowsOf = async (hash: string) => {
    const { rows } = await t.system.pool.query(
      `SELECT (SELECT count(*)::int FROM evidence_content WHERE sha256 = $1) AS contents, (SELECT count(*)::int FROM evidence_upload WHERE sha256 = $1) AS uploads`,
      [hash],
    );
    return rows[0] as { contents: number; uploads: number };
  };
  const expectProblem = (answer: Answer, status: number) => {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
  };

  it("keeps a PDF and a PNG under the SHA-256 of their bytes, and answers the same hash when they are sent again", async function () {
    const first = await upload(tokens.foundation, pdf, "application/pdf", "?filename=invoice-2026-117.pdf");
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const url = `${t.baseUrl}/api/v1/evidence/${hex(pdf)}`;
    expect(first.body).to.deep.include({ sha256: `0x${hex(pdf)}`, mediaType: "application/pdf", size: pdf.length, filename: "invoice-2026-117.pdf", url });
    expect(first.headers.get("location")).to.equal(url);

    const photo = await upload(tokens.foundation, png, "image/png");
    expect(photo.status).to.equal(201);
    expect(photo.body).to.deep.include({ sha256: `0x${hex(png)}`, mediaType: "image/png", size: png.length, filename: null });

    // Again, even under another name: not an error, the first upload's answer, nothing stored again.
    const again = await upload(tokens.foundation, pdf, "application/pdf", "?filename=copy.pdf");
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
    expect(await rowsOf(`0x${hex(pdf)}`)).to.deep.equal({ contents: 1, uploads: 1 });

    // Another organisation sending the same bytes has its own upload of the one stored file.
    const partners = await upload(tokens.partner, png, "image/png");
    expect(partners.status).to.equal(201);
    expect(partners.body.sha256).to.equal(`0x${hex(png)}`);
    expect(await rowsOf(`0x${hex(png)}`)).to.deep.equal({ contents: 1, uploads: 2 });
  });

  it("gives the bytes, as an attachment of their media type, to the organisation that uploaded them and to regulators", async function () {
    for (const [who, token] of [["foundation", tokens.foundation], ["regulator", tokens.regulator]] as const) {
      const answer = await download(token, hex(pdf));
      expect(answer.status, who).to.equal(200);
      expect(Buffer.compare(answer.body, pdf), who).to.equal(0);
      expect(answer.headers.get("content-type")).to.equal("application/pdf");
      expect(answer.headers.get("content-disposition")).to.match(/^attachment; filename="?invoice-2026-117\.pdf"?$/);
      expect(answer.headers.get("x-content-type-options")).to.equal("nosniff");
      expect(answer.headers.get("content-security-policy")).to.include("default-src 'none'").and.include("sandbox");
    }
    // With 0x and in capitals, the same file; a file without a name is named by its hash.
    const photo = await download(tokens.partner, `0x${hex(png).toUpperCase()}`);
    expect(photo.status).to.equal(200);
    expect(Buffer.compare(photo.body, png)).to.equal(0);
    expect(photo.headers.get("content-type")).to.equal("image/png");
    expect(photo.headers.get("content-disposition")).to.match(new RegExp(`^attachment; filename="?${hex(png)}\\.png"?$`));
  });

  it("answers 404 to another organisation, as for a file that is not kept, and 401 without a token", async function () {
    const others = await download(tokens.partner, hex(pdf));
    expectProblem(others, 404);
    const unknown = await download(tokens.partner, hex(Buffer.from(`never uploaded ${stamp}`)));
    expectProblem(unknown, 404);
    expect(Object.keys(others.body).sort()).to.deep.equal(Object.keys(unknown.body).sort());
    expect(others.body.detail.replace(/0x[0-9a-f]{64}/, "…")).to.equal(unknown.body.detail.replace(/0x[0-9a-f]{64}/, "…"));
    expectProblem(await download(undefined, hex(pdf)), 401);
    expectProblem(await download(tokens.foundation, "not-a-hash"), 400);
  });

  it("refuses bytes that are not what their Content-Type says, a type it does not keep, and an empty file, storing nothing", async function () {
    const before = await rowsOf(`0x${hex(png)}`);
    const disguised = Buffer.concat([png, Buffer.from("disguised")]);
    const mismatch = await upload(tokens.foundation, disguised, "application/pdf");
    expectProblem(mismatch, 415);
    expect(mismatch.body.errors).to.deep.equal([{ field: "(body)", reason: "is image/png, not application/pdf as the Content-Type says" }]);
    const gif = await upload(tokens.foundation, pdf, "image/gif");
    expectProblem(gif, 415);
    expect(gif.body.errors[0].field).to.equal("Content-Type");
    expect(await rowsOf(`0x${hex(disguised)}`)).to.deep.equal({ contents: 0, uploads: 0 });
    expect(await rowsOf(`0x${hex(png)}`)).to.deep.equal(before);

    expectProblem(await upload(tokens.foundation, Buffer.alloc(0), "application/pdf"), 400);
    expectProblem(await upload(tokens.foundation, pdf, "application/pdf", "?filename=a/b.pdf"), 400);
    // Only a charity uploads, for its own organisation.
    expectProblem(await upload(tokens.regulator, pdfFile(`regulator ${stamp}`), "application/pdf"), 403);
    expect(await rowsOf(`0x${hex(pdfFile(`regulator ${stamp}`))}`)).to.deep.equal({ contents: 0, uploads: 0 });
  });

  it(`takes a file of ${LIMITS.evidenceBytes} bytes and refuses one byte more with 413, storing nothing`, async function () {
    const sized = (size: number) => Buffer.concat([pdfFile(`${size} ${stamp}`), Buffer.alloc(size, 0x20)]).subarray(0, size);
    const largest = await upload(tokens.foundation, sized(LIMITS.evidenceBytes), "application/pdf");
    expect(largest.status, JSON.stringify(largest.body)).to.equal(201);
    expect(largest.body.size).to.equal(LIMITS.evidenceBytes);
    const over = sized(LIMITS.evidenceBytes + 1);
    const refused = await upload(tokens.foundation, over, "application/pdf");
    expectProblem(refused, 413);
    expect(await rowsOf(`0x${hex(over)}`)).to.deep.equal({ contents: 0, uploads: 0 });
  });

  it("records a disbursement carrying the uploaded file's hash; the mirror holds that hash and a regulator reads the file by it", async function () {
    const gift = await postFoundationGift(t, "5000", "evidence-gift");
    expect(gift.status).to.equal(202);
    await t.waitForWrite(gift.body.id);
    const evidence = await upload(tokens.foundation, pdf, "application/pdf");
    const payout = await call(t.baseUrl, "POST", "/api/v1/disbursements", {
      token: tokens.foundation,
      headers: { "idempotency-key": newKey("evidence-payout") },
      body: { campaignId: t.demo.foundation.campaignId.toString(), amount: "4000", purpose: "programme", recipientRef: "SUPPLIER-EVIDENCE", evidenceSha256: evidence.body.sha256 },
    });
    expect(payout.status, JSON.stringify(payout.body)).to.equal(202);
    const recordId = await t.waitForWrite(payout.body.id);

    const { rows } = await t.system.pool.query(`SELECT evidence_hash FROM disbursement WHERE record_id = $1`, [recordId]);
    expect(rows).to.deep.equal([{ evidence_hash: `0x${hex(pdf)}` }]);
    const sources = await call(t.baseUrl, "GET", `/api/v1/disbursements/${recordId}/sources?purpose=evidence+test`, { token: tokens.regulator });
    expect(sources.status).to.equal(200);
    expect(sources.body.disbursement.evidenceSha256).to.equal(evidence.body.sha256);
    expect(sources.body.disbursement.evidence.sha256).to.equal(evidence.body.sha256);
    const file = await download(tokens.regulator, sources.body.disbursement.evidenceSha256);
    expect(file.status).to.equal(200);
    expect(hex(file.body)).to.equal(hex(pdf));
  });
});
