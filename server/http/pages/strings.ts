import type { ComponentChildren } from "preact";
import type { Channel, Purpose } from "../../domain/schemas.ts";
import type { Catalogue } from "../i18n/locale.ts";
import * as ledgerPages from "./ledger-page-strings.ts";
import { receiptText } from "./receipt-strings.ts";
import { trackText } from "./track-strings.ts";

/**
 * Every word a donor reads on the public pages, in English (which defines the shape) and
 * Simplified Chinese; the type and a test (catalogueProblems) fail when a key is missing.
 * Sentences that carry a value take it as an argument, so each language puts the value where its
 * grammar needs it; values may be markup (a <strong>, a <code>), which the pages escape like any
 * other text.
 */
const en = {
  languageSwitch: "中文",
  languageSwitchLabel: "阅读中文版",
  /** Printed after a time shown in Beijing time; other zones print their own name. */
  beijingTime: "Beijing time",
  siteName: "Donation tracker",
  titleSuffix: " — Donation tracker",
  skipToContent: "Skip to main content",
  ledgerNote: "Every gift recorded here is written to a public ledger. Each figure on these pages can be checked on the chain by its block number and transaction.",

  form: {
    label: "Tracking code",
    hint: "It is on your receipt, next to the QR code. Small or capital letters both work; spaces and dashes are optional.",
    placeholder: "DN-7K3Q-9XPA-…",
    submit: "Track my gift",
    errorPrefix: "Error:",
  },

  home: {
    title: "Track your gift",
    heading: "Follow your gift, step by step",
    intro: "Like a parcel, every gift recorded here can be followed: when the charity received it, when it was written to the public ledger, and what it paid for.",
    stepsHeading: "What you will see",
    steps: [
      "Your gift was received by the charity.",
      "It was recorded on the public ledger, which nobody can quietly change.",
      "How much of it has been spent, on what, and how much the campaign still holds.",
    ],
  },

  track: trackText.en,

  problem: {
    notFoundTitle: "Gift not found",
    notFoundHeading: "We could not find this gift",
    notFound: (code: ComponentChildren) => ["We could not find a gift with the code ", code, "."],
    notFoundAdvice: "If you donated only a moment ago, the charity may not have recorded it yet. Please try again in a few minutes.",
    mistypedTitle: "Please check the code",
    mistypedHeading: "Please check the code",
    mistyped: (code: ComponentChildren) => ["This code looks mistyped: ", code, "."],
    tipsHeading: "Tips",
    tips: [
      "Codes start with DN- and then have 4 groups of 4 letters or digits, like DN-7K3Q-9XPA-…",
      "The letters O and I are read as the digits 0 and 1, so either is fine.",
      "Small or capital letters both work, and spaces or dashes are optional.",
    ],
    tryAgain: "Try again",
    /** Why a typed code is not a tracking code. */
    why: {
      empty: "The box was empty.",
      length: "A tracking code is DN- followed by 16 letters and digits.",
      characters: "A tracking code has only letters and digits.",
      checksum: "One of the characters does not match; please compare it with your receipt.",
    },
    emptyCode: "Please type the tracking code from your receipt.",
  },

  error: {
    status: (status: number) => `Error ${status}`,
    home: "Go to the start page",
    notFound: { title: "Page not found", message: "There is no page at this address." },
    invalid: { title: "This did not work", message: "The address or the form was not right. Please go back and try again." },
    tooMany: {
      title: "Please wait a moment",
      message: "Many pages were asked for from your connection in a short time. Please wait a minute, then try again.",
    },
    failed: { title: "Something went wrong", message: "Something went wrong on our side. Please try again in a minute." },
  },

  channel: {
    bank: "bank transfer",
    alipay: "Alipay",
    wechat_pay: "WeChat Pay",
    cash: "cash",
    on_chain: "on-chain transfer",
  } satisfies Record<Channel, string>,

  campaignPage: ledgerPages.en.campaign,
  organisationPage: ledgerPages.en.organisation,

  purpose: {
    programme: "programme work",
    administration: "administration",
    fundraising: "fundraising",
  } satisfies Record<Purpose, string>,

  receipt: receiptText.en,
};

const zh: typeof en = {
  languageSwitch: "English",
  languageSwitchLabel: "Read in English",
  beijingTime: "北京时间",
  siteName: "善款追踪",
  titleSuffix: " — 善款追踪",
  skipToContent: "跳到正文",
  ledgerNote: "这里记录的每一笔捐赠都写入公开账本。页面上的每个数字都可以凭区块号和交易在链上核对。",

  form: {
    label: "追踪码",
    hint: "追踪码印在您的收据上，二维码旁边。字母大小写均可，空格和短横可以不输。",
    placeholder: "DN-7K3Q-9XPA-…",
    submit: "查询我的捐赠",
    errorPrefix: "错误：",
  },

  home: {
    title: "查询您的捐赠",
    heading: "一步一步，看见您的善款",
    intro: "像查快递一样，这里记录的每一笔捐赠都可以追踪：慈善组织何时收到，何时写入公开账本，最终用在了哪里。",
    stepsHeading: "您将看到",
    steps: [
      "慈善组织已收到您的捐赠。",
      "捐赠已记入公开账本，任何人都无法悄悄改动。",
      "已经花了多少、花在哪里，项目里还剩多少。",
    ],
  },

  track: trackText.zh,

  problem: {
    notFoundTitle: "未找到捐赠",
    notFoundHeading: "没有找到这笔捐赠",
    notFound: (code: ComponentChildren) => ["没有找到追踪码为 ", code, " 的捐赠。"],
    notFoundAdvice: "如果您刚刚捐赠，慈善组织可能还没有登记。请过几分钟再试。",
    mistypedTitle: "请检查追踪码",
    mistypedHeading: "请检查追踪码",
    mistyped: (code: ComponentChildren) => ["这个追踪码似乎输错了：", code, "。"],
    tipsHeading: "提示",
    tips: [
      "追踪码以 DN- 开头，后面是 4 组、每组 4 个字母或数字，例如 DN-7K3Q-9XPA-…",
      "字母 O 和 I 会被当作数字 0 和 1，输入哪个都可以。",
      "字母大小写均可，空格和短横可以不输。",
    ],
    tryAgain: "再试一次",
    why: {
      empty: "输入框是空的。",
      length: "追踪码是 DN- 加上 16 个字母和数字。",
      characters: "追踪码只包含字母和数字。",
      checksum: "有一个字符对不上，请与收据仔细核对。",
    },
    emptyCode: "请输入收据上的追踪码。",
  },

  error: {
    status: (status: number) => `错误 ${status}`,
    home: "返回首页",
    notFound: { title: "页面不存在", message: "这个地址没有页面。" },
    invalid: { title: "操作未成功", message: "地址或表单有误。请返回重试。" },
    tooMany: { title: "请稍候", message: "您的网络在短时间内请求了太多页面。请等一分钟再试。" },
    failed: { title: "出错了", message: "我们这边出了问题。请过一分钟再试。" },
  },

  channel: {
    bank: "银行转账",
    alipay: "支付宝",
    wechat_pay: "微信支付",
    cash: "现金",
    on_chain: "链上转账",
  },

  campaignPage: ledgerPages.zh.campaign,
  organisationPage: ledgerPages.zh.organisation,

  purpose: {
    programme: "项目活动",
    administration: "管理费用",
    fundraising: "募捐费用",
  },

  receipt: receiptText.zh,
};

export const donorText: Catalogue<typeof en> = { en, zh };
export type DonorText = typeof en;
