import type { ComponentChildren } from "preact";

/**
 * The tracking page's words (/track/{code}), in English (which defines the shape) and Simplified
 * Chinese, side by side; joined into the donor catalogue in strings.ts.
 */
const en = {
  title: (code: string) => `Gift ${code}`,
  codeLabel: "Tracking code",
  heading: (organisation: ComponentChildren) => ["Your gift to ", organisation],
  campaign: "Campaign",
  amount: "Amount",
  status: {
    pending: "Received — being written to the public ledger",
    submitted: "Received — being written to the public ledger",
    confirmed: "On the public ledger",
    granted: (organisation: ComponentChildren) => ["Passed on to ", organisation],
    grantedDetail: (amount: ComponentChildren, organisation: ComponentChildren, campaign: ComponentChildren) => [
      amount, " of your gift went to ", organisation, " for “", campaign, "”.",
    ],
    grantAcknowledged: "They confirmed they received it.",
    grantNotAcknowledged: "They have not yet confirmed receipt.",
    refunded: "Returned to you",
    refundedDetail: (amount: ComponentChildren) => [amount, " of your gift was refunded."],
    failed: "Could not be recorded",
  },
  refreshNote: "It appears here as soon as it is done.",
  checkAgain: "Check again",
  /** Announced once, politely, when a page that was waiting sees the gift's state change. */
  statusUpdated: (status: string) => `Updated: ${status}`,
  nextStep: "Next: recorded on the public ledger",
  nextStepNote: "This step is filled in here as soon as it is done.",
  failedDefaultReason: "The ledger refused this record.",
  failedAdvice: "Your gift has not been lost. Please contact the charity and quote your tracking code.",

  summaryHeading: "Where your gift is now",
  spent: "Spent",
  delivered: "Of that, confirmed as delivered",
  inTransit: "Passed on, waiting for the receiver to accept it",
  heldDownstream: "Passed on, not yet spent by the organisations it went to",
  refunded: "Returned to you",
  corrected: "Taken off by a correction",
  held: "Still held by the campaign",
  spentBarLabel: (percent: string) => `${percent} of your gift has been spent`,
  notYetSpendable: "Once your gift is on the public ledger, this page shows how it is spent.",

  timelineHeading: "Your gift’s journey",
  flowHeading: "Where your gift went",
  flow: {
    caption: "Each organisation’s part of your gift: what it spent, still holds and passed on",
    gift: (organisation: ComponentChildren, amount: ComponentChildren) => ["Your gift to ", organisation, ": ", amount],
    received: (organisation: ComponentChildren, amount: ComponentChildren) => [organisation, " received ", amount],
    parts: {
      spent: "Spent",
      refunded: "Returned to you",
      corrected: "Taken off by a correction",
      held: "Still held",
      inTransit: (organisation: ComponentChildren) => ["Waiting for ", organisation, " to accept it"],
      passedOn: (organisation: ComponentChildren) => ["Passed on to ", organisation],
    },
  },
  steps: {
    donated: "Donation received",
    donatedDetail: (amount: ComponentChildren, channel: ComponentChildren) => [amount, " by ", channel, "."],
    recorded: "Recorded on the public ledger",
    disbursed: (purpose: ComponentChildren) => ["Paid out for ", purpose],
    disbursedDetail: (amount: ComponentChildren, purpose: ComponentChildren, recipient: ComponentChildren) => [
      amount, " of your gift paid for ", purpose, " — to recipient ", recipient, " (a pseudonym: the charity and its regulators know who it is).",
    ],
    granted: (organisation: ComponentChildren) => ["Passed on to ", organisation],
    grantedDetail: (amount: ComponentChildren, organisation: ComponentChildren, campaign: ComponentChildren) => [
      amount, " of your gift went to ", organisation, " for “", campaign, "”.",
    ],
    grantAcknowledged: "They confirmed they received it.",
    grantNotAcknowledged: "They have not yet confirmed receipt.",
    grantRefused: "They declined it, so this part of your gift came back to the campaign.",
    disbursementConfirmed: "Delivered: the recipient or an auditor confirmed on the ledger that it arrived.",
    disbursementNotConfirmed: "Not yet confirmed as delivered.",
    refunded: "Returned to you",
    refundedDetail: (amount: ComponentChildren) => [amount, " of your gift was refunded."],
    corrected: "The charity corrected its record of your gift",
    correctedDetail: (amount: ComponentChildren) => [amount, " was taken off your gift's record by a correction."],
    failed: "Could not be recorded",
    /** Heads the steps in an organisation the gift was passed on to (hop 1, 2, …). */
    hopHeading: (organisation: ComponentChildren) => ["At ", organisation],
    hopIntro: (from: ComponentChildren, campaign: ComponentChildren) => [
      "Passed on to them by ", from, " for “", campaign, "”. What they did with this part of your gift:",
    ],
    /** Joins the names of several organisations that passed the gift on to the same place. */
    and: " and ",
  },
  mirrorWarningHeading: "We cannot vouch for these figures right now",
  mirrorWarning:
    "Our copy of the public ledger does not match the blockchain at the moment, so this page may be wrong. The blockchain itself is unaffected; please check again later or ask the charity.",
  flaggedHeading: "Flagged records",
  flaggedNote: "These records refer to your gift but break the ledger's rules. They are shown to everyone, and no other donor's money paid for them.",
  /** A refund or correction that takes more than the gift still held (the trace's shortfall). */
  flaggedItem: (kind: "refund" | "correction", recordId: string, shortfall: ComponentChildren): ComponentChildren => [
    `A ${kind} (ledger record ${recordId}) takes `, shortfall, " more than your gift still held: it is invalid, and no other gift paid for it.",
  ],
  fields: {
    block: "Block",
    transaction: "Transaction",
    logIndex: "Log entry",
    record: "Ledger record",
    wholePayment: "Whole payment",
    wholeGrant: "Whole grant",
    evidence: "Evidence (SHA-256)",
    reason: "Reason",
  },
  checkDetails: "Details for checking on the chain",

  shareHeading: "Share or keep this page",
  qrCaption: "Scan to open this page",
  qrLabel: "QR code with the address of this page",
  pageAddress: "Page address",
  receiptLink: "Print or save a receipt",

  anotherHeading: "Track another gift",

  asOfBlock: (block: ComponentChildren) => ["Up to block ", block, "."],
  notIndexedYet: "The public ledger has not been read yet.",
  checkNote: "Every figure on this page can be checked on the chain by its block and transaction.",
};

const zh: typeof en = {
  title: (code: string) => `捐赠 ${code}`,
  codeLabel: "追踪码",
  heading: (organisation: ComponentChildren) => ["您向", organisation, "的捐赠"],
  campaign: "项目",
  amount: "金额",
  status: {
    pending: "已收到，正在写入公开账本",
    submitted: "已收到，正在写入公开账本",
    confirmed: "已记入公开账本",
    granted: (organisation: ComponentChildren) => ["已转给", organisation],
    grantedDetail: (amount: ComponentChildren, organisation: ComponentChildren, campaign: ComponentChildren) => [
      "您捐赠中的", amount, "已转给", organisation, "，用于“", campaign, "”。",
    ],
    grantAcknowledged: "对方已确认收到。",
    grantNotAcknowledged: "对方尚未确认收到。",
    refunded: "已退还给您",
    refundedDetail: (amount: ComponentChildren) => ["您捐赠中的", amount, "已退还。"],
    failed: "未能记录",
  },
  refreshNote: "写入完成后，这里会显示出来。",
  checkAgain: "再查一次",
  statusUpdated: (status: string) => `状态已更新：${status}`,
  nextStep: "下一步：记入公开账本",
  nextStepNote: "这一步完成后会立即显示在这里。",
  failedDefaultReason: "账本拒绝了这条记录。",
  failedAdvice: "您的捐赠没有丢失。请联系慈善组织，并告诉他们您的追踪码。",

  summaryHeading: "您的善款现在在哪里",
  spent: "已使用",
  delivered: "其中已确认送达",
  inTransit: "已转出，等待接收方确认",
  heldDownstream: "已转出，接收的组织尚未使用",
  refunded: "已退还给您",
  corrected: "因更正而扣除",
  held: "仍在项目中",
  spentBarLabel: (percent: string) => `您的捐赠已使用 ${percent}`,
  notYetSpendable: "您的捐赠记入公开账本后，这里会显示它的使用情况。",

  timelineHeading: "善款的去向",
  flowHeading: "善款流向图",
  flow: {
    caption: "每个组织收到的那部分善款：已使用、仍持有和转出的金额",
    gift: (organisation: ComponentChildren, amount: ComponentChildren) => ["您向", organisation, "的捐赠：", amount],
    received: (organisation: ComponentChildren, amount: ComponentChildren) => [organisation, "收到 ", amount],
    parts: {
      spent: "已使用",
      refunded: "已退还给您",
      corrected: "因更正而扣除",
      held: "仍在持有",
      inTransit: (organisation: ComponentChildren) => ["等待", organisation, "确认接收"],
      passedOn: (organisation: ComponentChildren) => ["转给", organisation],
    },
  },
  steps: {
    donated: "已收到捐赠",
    donatedDetail: (amount: ComponentChildren, channel: ComponentChildren) => ["通过", channel, "捐赠", amount, "。"],
    recorded: "已记入公开账本",
    disbursed: (purpose: ComponentChildren) => ["支出用于", purpose],
    disbursedDetail: (amount: ComponentChildren, purpose: ComponentChildren, recipient: ComponentChildren) => [
      "您捐赠中的", amount, "用于", purpose, "，付给收款方", recipient, "（化名：慈善组织和监管部门知道是谁）。",
    ],
    granted: (organisation: ComponentChildren) => ["转给", organisation],
    grantedDetail: (amount: ComponentChildren, organisation: ComponentChildren, campaign: ComponentChildren) => [
      "您捐赠中的", amount, "转给了", organisation, "，用于“", campaign, "”。",
    ],
    grantAcknowledged: "对方已确认收到。",
    grantNotAcknowledged: "对方尚未确认收到。",
    grantRefused: "对方谢绝了这笔资助，这部分善款已退回项目。",
    disbursementConfirmed: "已送达：收款方或审计方已在账本上确认收到。",
    disbursementNotConfirmed: "尚未确认送达。",
    refunded: "已退还给您",
    refundedDetail: (amount: ComponentChildren) => ["您捐赠中的", amount, "已退还。"],
    corrected: "慈善组织更正了您的捐赠记录",
    correctedDetail: (amount: ComponentChildren) => ["更正从您的捐赠记录中扣除了", amount, "。"],
    failed: "未能记录",
    hopHeading: (organisation: ComponentChildren) => ["转到", organisation, "之后"],
    hopIntro: (from: ComponentChildren, campaign: ComponentChildren) => [
      "由", from, "转来，用于“", campaign, "”。他们如何使用这部分善款：",
    ],
    and: "和",
  },
  mirrorWarningHeading: "目前无法保证这些数字准确",
  mirrorWarning: "我们保存的公开账本副本暂时与区块链不一致，本页内容可能有误。区块链本身不受影响；请稍后再看，或联系慈善组织。",
  flaggedHeading: "被标记的记录",
  flaggedNote: "这些记录涉及您的捐赠，但违反了账本规则。它们向所有人公开，并且没有动用其他捐赠人的钱。",
  flaggedItem: (kind: "refund" | "correction", recordId: string, shortfall: ComponentChildren): ComponentChildren => [
    `一笔${kind === "refund" ? "退款" : "更正"}（账本记录 ${recordId}）比您的捐赠剩余的金额多出 `, shortfall, "：该记录无效，也没有动用其他捐赠人的钱。",
  ],
  fields: {
    block: "区块",
    transaction: "交易",
    logIndex: "日志序号",
    record: "账本记录",
    wholePayment: "整笔支出",
    wholeGrant: "整笔资助",
    evidence: "凭证（SHA-256）",
    reason: "原因",
  },
  checkDetails: "在链上核对的详细信息",

  shareHeading: "分享或保存本页",
  qrCaption: "扫码打开本页",
  qrLabel: "本页地址的二维码",
  pageAddress: "本页地址",
  receiptLink: "打印或保存收据",

  anotherHeading: "查询另一笔捐赠",

  asOfBlock: (block: ComponentChildren) => ["数据截至区块 ", block, "。"],
  notIndexedYet: "尚未读取公开账本。",
  checkNote: "本页每个数字都可以凭区块和交易在链上核对。",
};

export const trackText = { en, zh };
