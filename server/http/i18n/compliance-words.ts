import type { DisclosureProblemKey, Reason, ReasonKey } from "../../domain/compliance.ts";
import { formatDate, formatMoney, type Catalogue, type Lang } from "./locale.ts";

/** What a sentence gets: the result's values, and the ways to write money, shares and days in the reader's language. */
interface Words {
  v: Record<string, string | number>;
  money(key: string): string;
  share(key: string): string;
  day(key: string): string;
}

type Sentences = Record<ReasonKey, (w: Words) => string> & { problems: Record<DisclosureProblemKey, (w: Words) => string>; late: (problems: string[]) => string };

/**
 * The compliance results in words, English and Simplified Chinese, from the reason each check
 * gives as data (server/domain/compliance.ts). Both languages are typed by the same keys, so a
 * new reason without its words fails the type check.
 */
const en: Sentences = {
  "scope.noPublicFundraising": ({ v }) => `The organisation did not hold public-fundraising status during ${v.year}.`,
  "figures.noMoneyMoved": ({ v }) => `No money moved in ${Number(v.year) - 1} or ${v.year}.`,
  "unspent.noCampaignHolds": () => "No campaign holds unspent money.",
  "disclosure.noDrive": ({ v }) => `No fundraising drive ran in ${v.year}.`,
  "charitable.noIncome": () => "No income was recorded in the previous year, so there is no share to reach.",
  "charitable.share": (w) => `Charitable-activity spending of ${w.money("spent")} is ${w.share("share")} of the previous year's income of ${w.money("income")}; at least ${w.share("min")} is required.`,
  "management.nothingSpent": () => "Nothing was spent this year.",
  "management.exempt": (w) => `Management costs of ${w.money("costs")} are below ${w.money("exemptBelow")}, which the rule exempts from the share.`,
  "management.share": (w) => `Management costs of ${w.money("costs")} are ${w.share("share")} of total spending of ${w.money("total")}; at most ${w.share("max")} is allowed.`,
  "unspent.none": () => "The campaign holds no unspent money.",
  "unspent.old": (w) => `${w.money("old")} of the ${w.money("total")} it holds arrived more than ${w.v.days} days ago.`,
  "unspent.recent": (w) => `All ${w.money("total")} it holds arrived within the last ${w.v.days} days.`,
  "disclosure.late": () => "",
  "disclosure.onTime": (w) =>
    `${w.v.disclosures} ${w.v.disclosures === 1 ? "disclosure" : "disclosures"}, none overdue on ${w.day("asOf")}.` + (w.v.finalDue ? ` The final disclosure is due by ${w.day("finalDue")}.` : ""),
  problems: {
    gap: (w) => `nothing was disclosed from ${w.day("since")} until ${w.day("until")}, though due by ${w.day("due")}`,
    stillNone: (w) => `nothing has been disclosed since ${w.day("since")}, though due by ${w.day("due")}`,
    noFinal: (w) => `no final disclosure after the drive ended on ${w.day("ended")}, though due by ${w.day("due")}`,
    finalLate: (w) => `the final disclosure came on ${w.day("at")}, after ${w.day("due")}`,
  },
  late: (problems) => `Disclosure late: ${problems.join("; ")}.`,
};

const zh: Sentences = {
  "scope.noPublicFundraising": ({ v }) => `该组织在 ${v.year} 年未取得公开募捐资格。`,
  "figures.noMoneyMoved": ({ v }) => `${Number(v.year) - 1} 年和 ${v.year} 年均无资金往来。`,
  "unspent.noCampaignHolds": () => "没有项目持有未使用的资金。",
  "disclosure.noDrive": ({ v }) => `${v.year} 年没有开展募捐活动。`,
  "charitable.noIncome": () => "上一年度没有收入记录，因此没有需要达到的比例。",
  "charitable.share": (w) => `慈善活动支出 ${w.money("spent")}，占上一年度总收入 ${w.money("income")} 的 ${w.share("share")}；要求不低于 ${w.share("min")}。`,
  "management.nothingSpent": () => "本年度没有支出。",
  "management.exempt": (w) => `管理费用 ${w.money("costs")} 低于 ${w.money("exemptBelow")}，按规定不计比例。`,
  "management.share": (w) => `管理费用 ${w.money("costs")}，占当年总支出 ${w.money("total")} 的 ${w.share("share")}；要求不高于 ${w.share("max")}。`,
  "unspent.none": () => "该项目没有未使用的资金。",
  "unspent.old": (w) => `所持 ${w.money("total")} 中，有 ${w.money("old")} 是 ${w.v.days} 天前收到的。`,
  "unspent.recent": (w) => `所持 ${w.money("total")} 均在最近 ${w.v.days} 天内收到。`,
  "disclosure.late": () => "",
  "disclosure.onTime": (w) => `共 ${w.v.disclosures} 次信息公开，截至 ${w.day("asOf")} 没有逾期。` + (w.v.finalDue ? `最终信息公开须在 ${w.day("finalDue")} 前完成。` : ""),
  problems: {
    gap: (w) => `从 ${w.day("since")} 到 ${w.day("until")} 没有公开信息，应在 ${w.day("due")} 前公开`,
    stillNone: (w) => `自 ${w.day("since")} 起至今没有公开信息，应在 ${w.day("due")} 前公开`,
    noFinal: (w) => `募捐活动于 ${w.day("ended")} 结束后没有最终信息公开，应在 ${w.day("due")} 前公开`,
    finalLate: (w) => `最终信息公开于 ${w.day("at")} 发布，晚于 ${w.day("due")}`,
  },
  late: (problems) => `信息公开逾期：${problems.join("；")}。`,
};

export const complianceText: Catalogue<Sentences> = { en, zh };

/** A compliance result's reason as a sentence in the reader's language; amounts in `currency` when it is one. */
export function explainCompliance(reason: Reason, lang: Lang, currency?: string): string {
  const words = (v: Record<string, string | number>): Words => ({
    v,
    money: (key) => (currency ? formatMoney(String(v[key]), currency, lang) : String(v[key])),
    share: (key) => `${(Number(v[key]) / 100).toFixed(2)}%`,
    // The checks count calendar days in UTC.
    day: (key) => formatDate(new Date(`${v[key]}T00:00:00Z`), lang, "UTC"),
  });
  const t = complianceText[lang];
  if (reason.key === "disclosure.late") return t.late((reason.problems ?? []).map((p) => t.problems[p.key](words(p.values))));
  return t[reason.key](words(reason.values));
}
