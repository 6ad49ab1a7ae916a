import { expect } from "chai";
import { catalogueProblems } from "../../../../server/http/i18n/locale.ts";
import { renderErrorPage, renderHomePage, renderTrackPage, renderTrackProblemPage } from "../../../../server/http/pages/index.ts";
import type { PageContext } from "../../../../server/http/pages/page-context.ts";
import { donorText } from "../../../../server/http/pages/strings.ts";
import { EN, PAGE_URL, confirmedTrace, multiHopTrace, pendingTrace, readable } from "./page-fixtures.ts";

/** A reader in China: Simplified Chinese, Beijing time. */
const ZH: PageContext = { lang: "zh", timeZone: "Asia/Shanghai", switchHref: "/?lang=en", publicUrl: "https://give.example.org" };

/** Han characters: what a Chinese reader reads, as opposed to codes, hashes and figures. */
const HAN = /\p{Script=Han}/u;

describe("donor pages in Chinese", function () {
  it("has every donor word in both languages", function () {
    expect(catalogueProblems(donorText)).to.deep.equal([]);
  });

  it("shows a gift in yuan, Beijing time and Chinese words, with a Chinese title marked as Chinese", function () {
    const trace = confirmedTrace({ campaign: { id: "3", title: "山区学校冬衣" } });
    const html = renderTrackPage(ZH, trace, { pageUrl: PAGE_URL });
    const text = readable(html);
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).to.equal(true);
    expect(text).to.include("¥1,250.00");
    expect(text).to.not.include("CN¥");
    expect(text).to.include("2025年3月3日 14:05 (北京时间)");
    expect(text).to.include("通过微信支付捐赠¥1,250.00。");
    expect(text).to.include("支出用于项目活动");
    expect(text).to.include("已记入公开账本");
    // The campaign's own title is Chinese; the organisation's name, typed in English, says so.
    expect(html).to.include('<strong lang="zh-CN">山区学校冬衣</strong>');
    expect(html).to.include('<span lang="en">Yunnan Rural Education Foundation</span>');
  });

  it("leaves no English words on any donor page but the way to the English version", function () {
    const pages = [
      renderHomePage(ZH, {}),
      renderHomePage(ZH, { error: donorText.zh.problem.emptyCode, code: "" }),
      renderTrackPage(ZH, { ...multiHopTrace(), organisation: { id: "1", name: "云南乡村教育基金会" } }, { pageUrl: PAGE_URL }),
      renderTrackPage(ZH, pendingTrace("submitted"), { pageUrl: PAGE_URL }),
      renderTrackProblemPage(ZH, { code: "DN-0000", reason: "mistyped", why: "length" }),
      renderTrackProblemPage(ZH, { code: "DN-7K3Q-9XPA-M2RT-5WCB", reason: "not-found" }),
      renderErrorPage(ZH, { status: 404, ...donorText.zh.error.notFound }),
    ];
    // What the fixtures' organisations typed in English, and what is a code, a figure or a hash.
    const typedOrShown = /https:\/\/give\.example\.org\/track\/|Yunnan Rural Education Foundation|Harbour Community Partners|Gansu Grain Cooperative|Winter coats for village schools|School meals|Grain for schools|English|DN-[\w-…]*|0x[0-9a-f…]+|SHA-256|CN¥|¥/g;
    for (const html of pages) {
      const words = readable(html).replace(typedOrShown, "").match(/[A-Za-z]{3,}/g) ?? [];
      expect(words, readable(html)).to.deep.equal([]);
      expect(readable(html)).to.match(HAN);
    }
  });

  it("draws where a gift passed on twice went, naming each organisation and its parts in exact amounts", function () {
    const html = renderTrackPage(EN, multiHopTrace(), { pageUrl: PAGE_URL });
    const figure = readable(/<figure class="flow">[\s\S]*?<\/figure>/.exec(html)![0]);
    expect(figure).to.equal(
      [
        "Each organisation’s part of your gift: what it spent, still holds and passed on",
        "Your gift to Yunnan Rural Education Foundation: CN¥1,200.00",
        "Spent: CN¥250.00 Still held: CN¥150.00 Passed on to Harbour Community Partners: CN¥800.00",
        "Harbour Community Partners received CN¥800.00",
        "Spent: CN¥300.00 Still held: CN¥50.00 Passed on to Gansu Grain Cooperative: CN¥450.00",
        "Gansu Grain Cooperative received CN¥450.00",
        "Spent: CN¥400.00 Still held: CN¥50.00",
      ].join(" "),
    );
    // The bars are for the eyes: hidden from screen readers, which read the words beside them.
    expect(html.match(/<svg class="flow-bar"[^>]*aria-hidden="true"/g)).to.have.length(3);
    // Each organisation's bar starts under the part that passed the gift on (offsets in tenths of the gift).
    expect(html).to.match(/<svg class="flow-bar"[\s\S]*?<rect class="flow-passedOn" x="333.3"/);
    expect(html).to.match(/<rect class="flow-spent" x="333.3"[\s\S]*?<rect class="flow-passedOn" x="625"/);
  });

  it("draws nothing for a gift not on the ledger yet", function () {
    expect(renderTrackPage(EN, pendingTrace("pending"), { pageUrl: PAGE_URL })).to.not.include('class="flow"');
  });

  it("lets a donor whose gift is being written ask again without JavaScript, and gives the watcher its hooks", function () {
    const html = renderTrackPage(ZH, pendingTrace("pending"), { pageUrl: PAGE_URL });
    expect(html).to.include('<form method="get" action="/track/DN-7K3Q-9XPA-M2RT-5WCB" class="check-again"><button type="submit">再查一次</button></form>');
    expect(html).to.include('<script src="/assets/track-pending.js" defer></script>');
    expect(html).to.include('<div id="gift-state" data-pending-code="DN-7K3Q-9XPA-M2RT-5WCB">');
    expect(html).to.include('<p id="status-live" class="visually-hidden" aria-live="polite" data-announce="状态已更新：已收到，正在写入公开账本"></p>');
    // The form to track another gift is outside what the watcher replaces.
    expect(html.indexOf('id="code"')).to.be.greaterThan(html.indexOf("</div>", html.lastIndexOf('class="card flagged"') + 1));
    const done = renderTrackPage(ZH, confirmedTrace(), { pageUrl: PAGE_URL });
    expect(done).to.not.include("<script");
    expect(done).to.not.include("data-pending-code");
    expect(done).to.include('data-announce="状态已更新：已记入公开账本"');
  });
});
