import { expect } from "chai";
import { catalogueProblems } from "../../../../server/http/i18n/locale.ts";
import { renderSignInPage } from "../../../../server/http/pages/regulator/sign-in-page.tsx";
import { regulatorText } from "../../../../server/http/pages/regulator/strings.ts";

describe("http/pages/regulator: the regulators' pages in Chinese and English", function () {
  it("has every key of the English catalogue in Chinese, and no other", function () {
    expect(catalogueProblems(regulatorText)).to.deep.equal([]);
  });

  it("marks the page's language, links the other one, and escapes what it echoes", function () {
    const zh = renderSignInPage({ lang: "zh", switchHref: "/regulator/sign-in?lang=en" }, { csrfToken: "tok", clientId: `<script>"x"</script>`, error: "refused" });
    expect(zh).to.match(/^<!doctype html><html lang="zh-CN">/);
    expect(zh).to.include('<a href="/regulator/sign-in?lang=en" lang="en" hreflang="en">English</a>');
    expect(zh).to.include(regulatorText.zh.signIn.refused);
    expect(zh).not.to.include("<script>");
    expect(zh).to.include(`value="&lt;script>&quot;x&quot;&lt;/script>"`);
    const en = renderSignInPage({ lang: "en", switchHref: "/regulator/sign-in?lang=zh" }, { csrfToken: "tok" });
    expect(en).to.match(/<html lang="en">/);
    expect(en).to.include('name="csrf" value="tok"');
  });
});
