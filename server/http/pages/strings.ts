import type { ComponentChildren } from "preact";
import type { Channel, Purpose } from "../../domain/schemas.ts";

/**
 * Every word a donor reads on the HTML pages, in one place so a translation (Simplified
 * Chinese first) can be added by copying this object. Sentences that carry a value take it
 * as an argument, so a translation can move the value where its grammar needs it; values
 * may be markup (a <strong>, a <code>), which the pages escape like any other text.
 */
export const text = {
  lang: "en",
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

  track: {
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
    refreshNote: "This page updates itself every few seconds.",
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
    flaggedItem: (kind: string, recordId: string, reason: string) => `A ${kind} (ledger record ${recordId}): ${reason}`,
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

    anotherHeading: "Track another gift",

    asOfBlock: (block: ComponentChildren) => ["Up to block ", block, "."],
    notIndexedYet: "The public ledger has not been read yet.",
    checkNote: "Every figure on this page can be checked on the chain by its block and transaction.",
  },

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

  purpose: {
    programme: "programme work",
    administration: "administration",
    fundraising: "fundraising",
  } satisfies Record<Purpose, string>,

  /** Dates are shown in this zone, and its name is printed after the time. */
  timeZone: "UTC",
  timeZoneLabel: "UTC",
  locale: "en-GB",
};
