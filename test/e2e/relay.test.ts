import { expect } from "chai";
import { Contract, id, type Signer } from "ethers";
import { DEV_ROLES, devAccount } from "../../server/chain/dev-accounts.ts";
import { loadArtifact, loadLedgerArtifact } from "../../server/chain/ledger-artifact.ts";
import { call, newKey, rejection, tokenFor } from "../support/http.ts";
import { getTestSystem, openFoundationCampaign, type TestSystem } from "../support/system.ts";
import { FORWARD_REQUEST_DOMAIN, FORWARD_REQUEST_TYPES } from "../../server/chain/forward-request-types.ts";


describe("writes an organisation signs itself, relayed by the server", function () {
  let t: TestSystem;
  let token: string;
  let forwarder: Contract;
  let campaignId: bigint;

  before(async function () {
    this.timeout(180_000);
    t = await getTestSystem();
    token = await tokenFor(t.baseUrl, t.demo.foundation.clientId, t.demo.foundation.secret);
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, t.system.provider);
    forwarder = new Contract(await ledger.getFunction("trustedForwarder")(), loadArtifact("LedgerForwarder").abi, t.system.provider);
    campaignId = await openFoundationCampaign(t, "Signed by the charity");
  });

  /** The organisation's own key signs a ledger call for the forwarder (EIP-712). */
  async function signed(signer: Signer, method: string, args: unknown[], overrides: { deadline?: bigint; nonce?: bigint } = {}) {
    const from = (await signer.getAddress()).toLowerCase();
    const { chainId } = await t.system.provider.getNetwork();
    const domain = { ...FORWARD_REQUEST_DOMAIN, chainId, verifyingContract: await forwarder.getAddress() };
    const data = loadLedgerArtifact().abi.encodeFunctionData(method, args);
    const message = {
      from,
      to: t.system.ledgerAddress,
      value: 0n,
      gas: 500_000n,
      nonce: overrides.nonce ?? ((await forwarder.getFunction("nonces")(from)) as bigint),
      deadline: overrides.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 3600),
      data,
    };
    const signature = await signer.signTypedData(domain, FORWARD_REQUEST_TYPES, message);
    return { from, to: t.system.ledgerAddress, value: "0", gas: String(message.gas), deadline: String(message.deadline), data, signature };
  }

  const relay = (body: object, as = token) => call(t.baseUrl, "POST", "/api/v1/relay", { token: as, headers: { "idempotency-key": newKey("relay") }, body });

  it("records the write with the organisation's own key as its author, the relayer only paying gas", async function () {
    const own = t.demo.foundation.ownKey;
    const commitment = id("a commitment the charity made itself");
    const answer = await relay(await signed(own, "recordDonation", [campaignId, 3300n, 1, commitment]));
    expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
    const recordId = await t.waitForWrite(answer.body.id);
    const donation = await t.system.db.donation.findUniqueOrThrow({ where: { recordId } });
    expect(donation.authorisedBy).to.equal((await own.getAddress()).toLowerCase());
    expect(donation.donorCommitment).to.equal(commitment);
    const tx = await t.system.provider.getTransaction(donation.txHash);
    expect(tx!.from.toLowerCase()).to.equal(devAccount(DEV_ROLES.relayer, t.system.provider).address.toLowerCase());
    expect(tx!.to!.toLowerCase()).to.equal((await forwarder.getAddress()).toLowerCase());
  });

  it("cannot write anything with the relayer's key alone", async function () {
    const relayer = devAccount(DEV_ROLES.relayer, t.system.provider);
    const ledger = new Contract(t.system.ledgerAddress, loadLedgerArtifact().abi, relayer);
    const refused = await rejection(ledger.getFunction("recordDonation").staticCall(campaignId, 1n, 0, id("x")));
    expect(ledger.interface.parseError((refused as unknown as { data: string }).data)?.name).to.equal("LedgerUnauthorizedOperator");
  });

  it("refuses a request signed by a key of another organisation, a forged signature, an expired one, and one the ledger would refuse", async function () {
    const partnerSigned = await signed(t.demo.partner.ownKey, "recordDonation", [campaignId, 1n, 0, id("p")]);
    const notOurs = await relay(partnerSigned);
    expect(notOurs.status).to.equal(403);
    expect(notOurs.body.errors[0].field).to.equal("from");

    const good = await signed(t.demo.foundation.ownKey, "recordDonation", [campaignId, 1n, 0, id("q")]);
    const forged = await relay({ ...good, data: loadLedgerArtifact().abi.encodeFunctionData("recordDonation", [campaignId, 999_999n, 0, id("q")]) });
    expect(forged.status).to.equal(422);
    expect(forged.body.errors[0].field).to.equal("signature");

    const expired = await relay(await signed(t.demo.foundation.ownKey, "recordDonation", [campaignId, 1n, 0, id("r")], { deadline: 1n }));
    expect(expired.status).to.equal(422);

    const overdraw = await relay(await signed(t.demo.foundation.ownKey, "recordDisbursement", [
      { campaignId, recipientCommitment: id("s"), amount: 10n ** 12n, purpose: 0, evidenceHash: id("e"), payee: "0x" + "00".repeat(20), confirmer: "0x" + "00".repeat(20) },
    ]));
    expect(overdraw.status).to.equal(422);
    expect(overdraw.body.refusal.error).to.equal("LedgerInsufficientBalance");
    expect(overdraw.headers.get("content-type")).to.match(/application\/problem\+json/);
  });
});
