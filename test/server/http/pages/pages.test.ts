import { expect } from "chai";
import type { DonationTrace } from "../../../../server/domain/trace.ts";
import {
  renderErrorPage,
  renderHomePage,
  renderTrackPage,
  renderTrackProblemPage,
} from "../../../../server/http/pages/index.ts";
import {
  CODE, DISBURSE_TX, EN, EVIDENCE, PAGE_URL, RECORD_TX, attr, codeInput, confirmedTrace, failedTrace, multiHopTrace, pendingTrace, qrSvg, readable, tx,
} from "./page-fixtures.ts";

describe("donor pages", function () {
  describe("every page", function () {
    const pages: Array<[string, () => Promise<string> | string]> = [
      ["home", () => renderHomePage(EN, {})],
      ["home with error", () => renderHomePage(EN, { error: "Please type the code.", code: "dn" })],
      ["track (confirmed)", async () => renderTrackPage(EN, confirmedTrace(), { qrSvg: await qrSvg(PAGE_URL), pageUrl: PAGE_URL })],
      ["track (pending)", () => renderTrackPage(EN, pendingTrace("pending"), { pageUrl: PAGE_URL })],
      ["track (failed)", () => renderTrackPage(EN, failedTrace("Campaign closed"), { pageUrl: PAGE_URL })],
      ["problem (not found)", () => renderTrackProblemPage(EN, { code: CODE, reason: "not-found" })],
      ["problem (mistyped)", () => renderTrackProblemPage(EN, { code: "DN-1", reason: "mistyped", why: "length" })],
      ["error", () => renderErrorPage(EN, { status: 500, title: "Something went wrong", message: "Please try again." })],
    ];

    for (const [name, render] of pages) {
      it(`${name}: is a complete, self-contained English document for phones`, async function () {
        const html = await render();
        expect(html.startsWith("<!doctype html><html lang=\"en\">")).to.equal(true);
        expect(html).to.include('<meta charset="utf-8"/>');
        expect(html).to.include('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
        expect(html).to.match(/<title>[^<]+ — Donation tracker<\/title>/);
        expect(html).to.match(/<main id="main"/);
        expect(html).to.include('href="#main"');
        // No JavaScript but the pending page's own watcher from this server, and nothing fetched
        // from elsewhere (url(#…) names a pattern in the page itself).
        const watcher = '<script src="/assets/track-pending.js" defer></script>';
        expect(html.includes(watcher)).to.equal(name === "track (pending)");
        expect(html.replace(watcher, "")).to.not.match(/<script/i);
        expect(html.replace('<link rel="icon" href="data:,"/>', "").replace(watcher, "")).to.not.match(/<link|\ssrc=|@import|url\((?!#)/i);
        // The stylesheet reaches the browser intact (the renderer escapes text children).
        const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
        expect(style).to.include("font-size: 112.5%");
        expect(style).to.not.match(/&(quot|amp|lt);/);
      });
    }
  });

  describe("renderHomePage", function () {
    it("explains the page and offers one big tracking form that submits without JavaScript", function () {
      const html = renderHomePage(EN, {});
      const text = readable(html);
      expect(text).to.include("Follow your gift, step by step");
      expect(html).to.include('<form method="get" action="/track"');
      expect(html).to.include('<label for="code">Tracking code</label>');
      const input = codeInput(html);
      expect(attr(input, "id")).to.equal("code");
      expect(attr(input, "type")).to.equal("text");
      expect(attr(input, "placeholder")).to.match(/^DN-7K3Q-9XPA-/);
      expect(attr(input, "autocapitalize")).to.equal("characters");
      expect(attr(input, "autocomplete")).to.equal("off");
      expect(attr(input, "spellcheck")).to.equal("false");
      expect(attr(input, "inputmode")).to.equal("text");
      expect(attr(input, "aria-describedby")).to.equal("code-hint");
      expect(attr(input, "aria-invalid")).to.equal(undefined);
      expect(attr(input, "value")).to.equal(undefined);
      expect(html).to.include('<button type="submit">Track my gift</button>');
      expect(html).to.not.include('role="alert"');
    });

    it("shows an error next to the field, announced and linked to it, and keeps the typed code", function () {
      const html = renderHomePage(EN, { error: "Please type the tracking code from your receipt.", code: "dn 7k3q" });
      const input = codeInput(html);
      expect(attr(input, "value")).to.equal("dn 7k3q");
      expect(attr(input, "aria-invalid")).to.equal("true");
      expect(attr(input, "aria-describedby")!.split(" ")).to.include("code-error");
      expect(html).to.match(/<p id="code-error" class="field-error" role="alert">[\s\S]*Please type the tracking code from your receipt\.<\/p>/);
      // The error sits with the field, before the box.
      expect(html.indexOf('id="code-error"')).to.be.lessThan(html.indexOf('name="code"'));
      expect(html).to.match(/<title>Error: /);
    });

    it("escapes a hostile typed code and error", function () {
      const html = renderHomePage(EN, { error: "<script>alert(1)</script>", code: '"><script>alert(2)</script>' });
      expect(html).to.not.match(/<script/i);
      expect(attr(codeInput(html), "value")).to.equal('"><script>alert(2)</script>');
      expect(readable(html)).to.include("<script>alert(1)</script>");
    });
  });

  describe("renderTrackPage", function () {
    it("shows the organisation, campaign, amount and status in plain words", async function () {
      const html = renderTrackPage(EN, confirmedTrace(), { qrSvg: await qrSvg(PAGE_URL), pageUrl: PAGE_URL });
      const text = readable(html);
      expect(text).to.include(`Tracking code ${CODE}`);
      expect(text).to.include("Your gift to Yunnan Rural Education Foundation");
      expect(text).to.include("Campaign: Winter coats for village schools");
      expect(text).to.include("Amount: CN¥1,250.00");
      expect(text).to.include("On the public ledger");
      expect(text).to.not.include("being written");
      expect(html).to.include('<meta name="robots" content="noindex, nofollow"/>');
    });

    it("lists every step in order with dates, channel, block and transaction", function () {
      const text = readable(renderTrackPage(EN, confirmedTrace(), { pageUrl: PAGE_URL }));
      const order = [
        "Donation received",
        "March 3, 2025 at 06:05 (UTC)",
        "CN¥1,250.00 by WeChat Pay.",
        "Recorded on the public ledger",
        "Block 1042",
        "Transaction 0x8f3c2a…ddeeff",
        "Paid out for programme work",
        "March 20, 2025 at 02:30 (UTC)",
        "CN¥800.00 of your gift paid for programme work — to recipient 0x5b1c2c…788796 (a pseudonym: the charity and its regulators know who it is).",
        "Whole payment CN¥12,000.00",
        "Block 1311",
      ];
      let from = 0;
      for (const phrase of order) {
        const at = text.indexOf(phrase, from);
        expect(at, `"${phrase}" after position ${from} in: ${text}`).to.be.greaterThan(-1);
        from = at + phrase.length;
      }
    });

    it("keeps every full hash on the page for checking, while showing short ones at a glance", function () {
      const html = renderTrackPage(EN, confirmedTrace(), { pageUrl: PAGE_URL });
      expect(html).to.include(`<code title="${RECORD_TX}">0x8f3c2a…ddeeff</code>`);
      expect(html).to.include(`<code>${RECORD_TX}</code>`);
      expect(html).to.include(`<code>${DISBURSE_TX}</code>`);
      expect(html).to.include(`<code>${EVIDENCE}</code>`);
      expect(html).to.include("<summary>Details for checking on the chain</summary>");
      expect(html).to.include('<time datetime="2025-03-20T02:30:00.000Z">');
      expect(readable(html)).to.include("Log entry 2 Ledger record 17");
    });

    it("says how much of the gift is spent and how much the campaign still holds", function () {
      const html = renderTrackPage(EN, confirmedTrace(), { pageUrl: PAGE_URL });
      const text = readable(html);
      expect(text).to.include("Where your gift is now");
      expect(text).to.include("Spent CN¥800.00");
      expect(text).to.include("Still held by the campaign CN¥450.00");
      expect(html).to.include('aria-label="64% of your gift has been spent"');
      expect(html).to.include('style="width:64%;"');
    });

    it("names each channel and purpose in words", function () {
      const channels = { bank: "bank transfer", alipay: "Alipay", wechat_pay: "WeChat Pay", cash: "cash", on_chain: "on-chain" } as const;
      for (const [channel, words] of Object.entries(channels)) {
        const trace = confirmedTrace();
        trace.steps[0] = { kind: "donated", at: "2025-03-03T06:05:00.000Z", amount: "125000", channel: channel as keyof typeof channels };
        expect(readable(renderTrackPage(EN, trace, { pageUrl: PAGE_URL }))).to.include(`CN¥1,250.00 by ${words}`);
      }
      for (const purpose of ["administration", "fundraising"] as const) {
        const trace = confirmedTrace();
        trace.steps[2] = { ...(trace.steps[2] as Extract<DonationTrace["steps"][number], { kind: "disbursed" }>), purpose };
        expect(readable(renderTrackPage(EN, trace, { pageUrl: PAGE_URL }))).to.include(`CN¥800.00 of your gift paid for ${purpose} — to recipient`);
      }
    });

    it("formats amounts exactly, whatever the currency's minor unit and size", function () {
      const jpy = readable(renderTrackPage(EN, confirmedTrace({ currency: "JPY", amount: "5000", unspent: "5000", steps: [] }), { pageUrl: PAGE_URL }));
      expect(jpy).to.include("Amount: ¥5,000");
      const huge = readable(
        renderTrackPage(EN, 
          confirmedTrace({
            amount: "12345678901234567890",
            unspent: "1",
            summary: { delivered: "0", paidUnconfirmed: "12345678901234567889", inTransit: "0", heldDownstream: "0", heldHere: "1", refunded: "0", corrected: "0" },
            steps: [],
          }),
          { pageUrl: PAGE_URL },
        ),
      );
      expect(huge).to.include("Amount: CN¥123,456,789,012,345,678.90");
      expect(huge).to.include("Spent CN¥123,456,789,012,345,678.89");
      expect(huge).to.include("Still held by the campaign CN¥0.01");
    });

    it("says a gift is being written, and never reloads itself (that would wipe what the donor types)", function () {
      for (const status of ["pending", "submitted"] as const) {
        const html = renderTrackPage(EN, pendingTrace(status), { pageUrl: PAGE_URL });
        expect(html, status).to.not.include("http-equiv");
        const text = readable(html);
        expect(text).to.include("Received — being written to the public ledger");
        expect(text).to.include("It appears here as soon as it is done.");
        expect(text).to.include("CN¥1,250.00 by Alipay. Next: recorded on the public ledger");
        expect(text).to.include("Once your gift is on the public ledger, this page shows how it is spent.");
        expect(text).to.not.include("Still held by the campaign");
        expect(text).to.not.include("Recorded on the public ledger");
      }
    });

    it("explains a gift that could not be recorded, with the reason", function () {
      const html = renderTrackPage(EN, failedTrace("The campaign is closed."), { pageUrl: PAGE_URL });
      const text = readable(html);
      expect(text).to.include("Could not be recorded Reason: The campaign is closed.");
      expect(text).to.include("Your gift has not been lost.");
      expect(text.indexOf("Donation received")).to.be.lessThan(text.lastIndexOf("Could not be recorded"));
      expect(text).to.not.include("On the public ledger");
      expect(text).to.not.include("Where your gift is now");
      expect(text).to.not.include("Next: recorded");
    });

    it("includes the QR code and the page address so the donor can share it", async function () {
      const svg = await qrSvg(PAGE_URL);
      const html = renderTrackPage(EN, confirmedTrace(), { qrSvg: svg, pageUrl: PAGE_URL });
      expect(html).to.include(svg.trim());
      expect(html).to.match(/<div class="qr" role="img" aria-label="[^"]+"><svg /);
      expect(readable(html)).to.include("Scan to open this page");
      expect(html).to.include(`<a href="${PAGE_URL}">${PAGE_URL}</a>`);
      const without = renderTrackPage(EN, confirmedTrace(), { pageUrl: PAGE_URL });
      expect(without).to.not.include('class="qr"');
      expect(without).to.not.include("Scan to open this page");
    });

    it("refuses anything but a plain SVG as the QR code", function () {
      for (const qr of [
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="alert(1)"></svg>',
        "<img src=x onerror=alert(1)>",
        '<svg><a href="javascript:alert(1)"><path d="M0 0"/></a></svg>',
        "<svg><foreignObject><p>hi</p></foreignObject></svg>",
      ]) {
        const html = renderTrackPage(EN, confirmedTrace(), { qrSvg: qr, pageUrl: PAGE_URL });
        expect(html, qr).to.not.include(qr);
        expect(html, qr).to.not.include("Scan to open this page");
      }
    });

    it("escapes hostile names, titles, references and reasons", function () {
      const hostile = "<script>alert(1)</script>";
      const trace = confirmedTrace({
        organisation: { id: "1", name: hostile },
        campaign: { id: "3", title: '"><img src=x onerror=alert(2)>' },
      });
      (trace.steps[2] as unknown as { recipientCommitment: string }).recipientCommitment = "<b onmouseover=alert(3)>R</b>";
      const html = renderTrackPage(EN, trace, { pageUrl: 'https://x.example/"><script>alert(4)</script>' });
      expect(html).to.not.match(/<script|<img|<b /i);
      expect(html).to.include('Your gift to <span lang="en">&lt;script>alert(1)&lt;/script></span>');
      const text = readable(html);
      expect(text).to.include(`Your gift to ${hostile}`);
      expect(text).to.include('Campaign: "><img src=x onerror=alert(2)>');
      expect(html).to.include('to recipient <code title="&lt;b onmouseover=alert(3)>R&lt;/b>">&lt;b onmou…>R&lt;/b></code>');
      expect(html).to.include("<title>Gift DN-7K3Q-9XPA-M2RT-5WCB — Donation tracker</title>");

      const failed = renderTrackPage(EN, failedTrace(hostile), { pageUrl: PAGE_URL });
      expect(failed).to.not.match(/<script/i);
      expect(readable(failed)).to.include(`Reason: ${hostile}`);
    });

    it("says up to which block it is current and that every figure can be checked", function () {
      const text = readable(renderTrackPage(EN, confirmedTrace(), { pageUrl: PAGE_URL }));
      expect(text).to.include("Up to block 1388.");
      expect(text).to.include("Every figure on this page can be checked on the chain by its block and transaction.");
      expect(readable(renderTrackPage(EN, confirmedTrace({ asOfBlock: null }), { pageUrl: PAGE_URL }))).to.include(
        "The public ledger has not been read yet.",
      );
    });

    it("offers a form to track another code", function () {
      const html = renderTrackPage(EN, confirmedTrace(), { pageUrl: PAGE_URL });
      expect(readable(html)).to.include("Track another gift");
      expect(html).to.include('<form method="get" action="/track"');
      expect(attr(codeInput(html), "value")).to.equal(undefined);
    });

    it("follows a gift passed on twice: each organisation's steps under its own heading, passed-on money never called spent", function () {
      const html = renderTrackPage(EN, multiHopTrace(), { pageUrl: PAGE_URL });
      const text = readable(html);
      const order = [
        "Passed on to Harbour Community Partners",
        "CN¥800.00 of your gift went to Harbour Community Partners for “School meals”. They confirmed they received it.",
        "Paid out for programme work",
        "CN¥250.00 of your gift paid for programme work",
        "Not yet confirmed as delivered.",
        "At Harbour Community Partners",
        "Passed on to them by Yunnan Rural Education Foundation for “School meals”. What they did with this part of your gift:",
        "CN¥300.00 of your gift paid for programme work",
        "Passed on to Gansu Grain Cooperative",
        "CN¥450.00 of your gift went to Gansu Grain Cooperative for “Grain for schools”.",
        "At Gansu Grain Cooperative",
        "Passed on to them by Harbour Community Partners for “Grain for schools”.",
        "CN¥400.00 of your gift paid for programme work",
        "Delivered: the recipient or an auditor confirmed on the ledger that it arrived.",
      ];
      let from = 0;
      for (const phrase of order) {
        const at = text.indexOf(phrase, from);
        expect(at, `"${phrase}" after position ${from} in: ${text}`).to.be.greaterThan(-1);
        from = at + phrase.length;
      }
      // Headings: the places are h3 in the journey, their steps h4 inside a nested list.
      expect(html).to.include('<li class="hop"><div class="hop-head"><h3>At <strong lang="en">Harbour Community Partners</strong></h3>');
      expect(html).to.match(/<h3>At <strong lang="en">Gansu Grain Cooperative<\/strong><\/h3>[\s\S]*?<ol class="timeline"><li class="step-disbursed step-delivered"><h4>Paid out for programme work<\/h4>/);
      // Where the gift is now: only what was paid out to recipients is spent.
      expect(text).to.include(
        "Spent CN¥950.00 Of that, confirmed as delivered CN¥400.00 Passed on, not yet spent by the organisations it went to CN¥100.00 Still held by the campaign CN¥150.00",
      );
      expect(html).to.include('aria-label="79% of your gift has been spent"');
      expect(text).to.not.include("Returned to you");
    });

    it("links each step's transaction to the block explorer when one is configured, and only then", function () {
      const explorer = "https://explorer.example/tx/{txHash}";
      const html = renderTrackPage(EN, multiHopTrace(), { pageUrl: PAGE_URL, explorerTxUrl: explorer });
      for (const hash of [RECORD_TX, tx(20), tx(21), tx(23), tx(24), tx(26)]) {
        expect(html).to.include(`<a href="https://explorer.example/tx/${hash}"><code title="${hash}">`);
      }
      expect(renderTrackPage(EN, multiHopTrace(), { pageUrl: PAGE_URL })).to.not.include("explorer.example");
    });

    it("shows an unreadable date as it was given rather than failing", function () {
      const trace = confirmedTrace();
      trace.steps[0] = { kind: "donated", at: "sometime", amount: "125000", channel: "cash" };
      expect(readable(renderTrackPage(EN, trace, { pageUrl: PAGE_URL }))).to.include("Donation received sometime");
    });
  });

  describe("renderTrackProblemPage", function () {
    it("says kindly that no gift has this code, gives tips, and keeps the code in the box", function () {
      const html = renderTrackProblemPage(EN, { code: CODE, reason: "not-found" });
      const text = readable(html);
      expect(text).to.include("We could not find this gift");
      expect(text).to.include(`We could not find a gift with the code ${CODE}.`);
      expect(text).to.include("try again in a few minutes");
      expect(text).to.include("Codes start with DN- and then have 4 groups of 4 letters or digits");
      expect(text).to.include("The letters O and I are read as the digits 0 and 1");
      const input = codeInput(html);
      expect(attr(input, "value")).to.equal(CODE);
      expect(attr(input, "aria-invalid")).to.equal("true");
      expect(attr(input, "aria-describedby")!.split(" ")).to.include("problem");
      expect(html).to.include('id="problem"');
    });

    it("says a mistyped code looks mistyped, with the detail", function () {
      const html = renderTrackProblemPage(EN, { code: "dn-7k3q-9xpa", reason: "mistyped", why: "length" });
      const text = readable(html);
      expect(text).to.include("Please check the code");
      expect(text).to.include("This code looks mistyped: dn-7k3q-9xpa. A tracking code is DN- followed by 16 letters and digits.");
      expect(text).to.not.include("We could not find");
      expect(attr(codeInput(html), "value")).to.equal("dn-7k3q-9xpa");
    });

    it("escapes whatever was typed", function () {
      const code = '"><script>alert(1)</script>';
      const html = renderTrackProblemPage(EN, { code, reason: "mistyped", why: "characters" });
      expect(html).to.not.match(/<script/i);
      expect(readable(html)).to.include(`This code looks mistyped: ${code}. A tracking code has only letters and digits.`);
      expect(attr(codeInput(html), "value")).to.equal(code);
    });
  });

  describe("renderErrorPage", function () {
    it("shows the status, title and message and the way back, escaped", function () {
      const html = renderErrorPage(EN, { status: 404, title: "Page not found", message: "There is no page at <this> address." });
      const text = readable(html);
      expect(text).to.include("Error 404 Page not found There is no page at <this> address.");
      expect(html).to.include('<a class="action-link" href="/">Go to the start page</a>');
      expect(html).to.include("<title>Page not found — Donation tracker</title>");
      expect(html).to.not.include("<this>");
    });
  });
});
