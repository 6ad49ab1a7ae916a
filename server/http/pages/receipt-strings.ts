import type { ComponentChildren } from "preact";
import type { Catalogue } from "../i18n/locale.ts";

/**
 * The words of the donor's receipt (`/receipts/{code}` and its PDF), wired into the donor
 * catalogue as `receipt`. English defines the shape; Simplified Chinese follows it.
 */
const en = {
  title: (code: string) => `Receipt ${code}`,
  heading: "Donation receipt",
  thanks: (organisation: ComponentChildren) => ["Thank you for your gift to ", organisation, "."],
  amount: "Amount",
  organisation: "Received by",
  campaign: "Campaign",
  received: "Received",
  codeLabel: "Tracking code",
  codeHint: "Keep this code: it finds your gift. It is printed nowhere else.",
  status: (text: ComponentChildren) => ["Status: ", text],
  statusText: {
    recorded: "Recorded on the public ledger",
    pending: "Received, not yet on the public ledger: it is on its way there",
    failed: "Not recorded: the ledger refused it. Your gift is not lost; please contact the charity and quote this code.",
  },
  record: (record: ComponentChildren, block: ComponentChildren) => ["Ledger record ", record, " in block ", block],
  transaction: (hash: ComponentChildren) => ["Transaction: ", hash],
  ledgerAddress: (address: ComponentChildren) => ["Ledger contract: ", address],
  qrCaption: "Scan to follow your gift",
  qrLabel: "QR code with the address of your gift’s journey page",
  journey: "Your gift’s journey",
  checkHeading: "Check it yourself, without us",
  /** The three steps of `npm run find-gift`, which reads the chain with nothing but the code. */
  check: {
    get: (npmInstall: ComponentChildren) => ["Get this ledger’s open-source code and run ", npmInstall, " in its folder (Node.js 22 or newer)."],
    run: (command: ComponentChildren, node: ComponentChildren) => [
      "Run ", command, ", with the address of a node of the ledger’s chain in place of ", node, " (ask the charity for one, or run your own).",
    ],
    /** When the deployment names a public node (PUBLIC_RPC_URL): the command runs as printed. */
    runAsIs: (command: ComponentChildren) => ["Run ", command, ". It reads the ledger from a public node of its chain; you may put your own node's address in its place."],
    compare: (minorUnits: ComponentChildren) => [
      "It prints the amount in minor units (", minorUnits, " for this gift), the campaign and the block: they must match this receipt.",
    ],
    pending: "Until your gift is on the ledger the script finds nothing; try again once this receipt says it is recorded.",
  },
  /** What stands for the chain node's address in the command; the sentence above names it. */
  nodePlaceholder: "NODE",
  printNote: "This receipt is printable on A6 paper.",
};

const zh: typeof en = {
  title: (code: string) => `收据 ${code}`,
  heading: "捐赠收据",
  thanks: (organisation: ComponentChildren) => ["感谢您向", organisation, "捐赠。"],
  amount: "金额",
  organisation: "受赠组织",
  campaign: "项目",
  received: "收款时间",
  codeLabel: "追踪码",
  codeHint: "请保存好这个追踪码：凭它可以查到您的捐赠。其他地方不会再印出它。",
  status: (text: ComponentChildren) => ["状态：", text],
  statusText: {
    recorded: "已记入公开账本",
    pending: "已收到，尚未记入公开账本：正在写入",
    failed: "未能记录：账本拒绝了这条记录。您的捐赠没有丢失，请联系慈善组织并告诉他们这个追踪码。",
  },
  record: (record: ComponentChildren, block: ComponentChildren) => ["账本记录 ", record, "，区块 ", block],
  transaction: (hash: ComponentChildren) => ["交易：", hash],
  ledgerAddress: (address: ComponentChildren) => ["账本合约：", address],
  qrCaption: "扫码查看善款去向",
  qrLabel: "捐赠去向页面地址的二维码",
  journey: "善款的去向",
  checkHeading: "不经过我们，自己核对",
  check: {
    get: (npmInstall: ComponentChildren) => ["获取本账本的开源代码，在代码目录中运行 ", npmInstall, "（需要 Node.js 22 或更新版本）。"],
    run: (command: ComponentChildren, node: ComponentChildren) => ["运行 ", command, "，把其中的 ", node, " 换成该账本所在链的一个节点地址（可向慈善组织索取，或自己运行节点）。"],
    runAsIs: (command: ComponentChildren) => ["运行 ", command, "。它从该链的一个公开节点读取账本；也可以换成您自己节点的地址。"],
    compare: (minorUnits: ComponentChildren) => ["脚本会打印以最小单位（分）计的金额（本次捐赠为 ", minorUnits, "）、项目和区块：它们应与本收据一致。"],
    pending: "捐赠记入账本之前，脚本查不到它；等本收据显示“已记入公开账本”后再试。",
  },
  nodePlaceholder: "NODE",
  printNote: "本收据可用 A6 纸打印。",
};

export const receiptText: Catalogue<typeof en> = { en, zh };
