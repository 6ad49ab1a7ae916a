import type { DonationReceipt } from "../../domain/receipt.ts";
import { trackingCodeGroups } from "../../domain/receipt.ts";
import { Document, renderDocument } from "./layout.tsx";
import { textLang, usePage, type PageContext } from "./page-context.ts";
import { QrCode } from "./qr-code.tsx";
import { receiptStylesheet } from "./receipt-styles.ts";

/**
 * The donor's receipt at `/receipts/{code}`, also printed to PDF (A6) for charities through the
 * API: the gift, its tracking code large and grouped, whether it is on the ledger in words, a QR
 * code to its journey, and how to check it on the chain without trusting this server.
 */
export function renderReceiptPage(context: PageContext, receipt: DonationReceipt, options: ReceiptPageOptions): string {
  return renderDocument(<ReceiptPage receipt={receipt} options={options} />, context);
}

export interface ReceiptPageOptions {
  /** The QR code of `journeyUrl`, as the `qrcode` library writes it. */
  qrSvg?: string;
  /** `${publicUrl}/track/{code}`. */
  journeyUrl: string;
  /** The ledger contract, for `find-gift --ledger`. */
  ledgerAddress: string;
  /** A chain node donors may ask (PUBLIC_RPC_URL); without it the command names a placeholder to replace. */
  publicRpcUrl?: string;
}

function ReceiptPage({ receipt, options }: { receipt: DonationReceipt; options: ReceiptPageOptions }) {
  const page = usePage();
  const t = page.t.receipt;
  const organisation = <strong lang={textLang(receipt.organisation.name)}>{receipt.organisation.name}</strong>;
  return (
    <Document title={t.title(receipt.trackingCode)} private styles={receiptStylesheet}>
      <article class="receipt" aria-labelledby="receipt-heading">
        <h1 id="receipt-heading">{t.heading}</h1>
        <p class="receipt-thanks">{t.thanks(organisation)}</p>
        <p class="amount">
          <span class="visually-hidden">{t.amount}: </span>
          {page.money(receipt.amount, receipt.currency)}
        </p>

        <div class="receipt-code">
          <p class="code-label" id="code-label">
            {t.codeLabel}
          </p>
          <p class="code-groups" aria-labelledby="code-label">
            <TrackingCode code={receipt.trackingCode} />
          </p>
          <p class="hint">{t.codeHint}</p>
        </div>

        <figure class="receipt-qr">
          <QrCode svg={options.qrSvg} label={t.qrLabel} id="receipt-qr" />
          <figcaption>{t.qrCaption}</figcaption>
          <a href={options.journeyUrl}>{t.journey}</a>
        </figure>

        <dl class="facts receipt-facts">
          <div>
            <dt>{t.organisation}</dt>
            <dd lang={textLang(receipt.organisation.name)}>{receipt.organisation.name}</dd>
          </div>
          <div>
            <dt>{t.campaign}</dt>
            <dd lang={textLang(receipt.campaign.title)}>{receipt.campaign.title}</dd>
          </div>
          <div>
            <dt>{t.received}</dt>
            <dd>
              <time dateTime={receipt.receivedAt}>{page.dateTime(receipt.receivedAt)}</time>
            </dd>
          </div>
        </dl>

        <Status receipt={receipt} ledgerAddress={options.ledgerAddress} />

        <section class="card receipt-check" aria-labelledby="check">
          <h2 id="check">{t.checkHeading}</h2>
          <CheckSteps receipt={receipt} ledgerAddress={options.ledgerAddress} {...(options.publicRpcUrl ? { publicRpcUrl: options.publicRpcUrl } : {})} />
        </section>
        <p class="receipt-print-note">{t.printNote}</p>
      </article>
    </Document>
  );
}

/** The code in its groups, each kept whole; a line may break only between groups. */
function TrackingCode(props: { code: string }) {
  const groups = trackingCodeGroups(props.code);
  return (
    <>
      {groups.map((group, i) => (
        <>
          <span>{i < groups.length - 1 ? `${group}-` : group}</span>
          {i < groups.length - 1 && <wbr />}
        </>
      ))}
    </>
  );
}

function Status(props: { receipt: DonationReceipt; ledgerAddress: string }) {
  const t = usePage().t.receipt;
  const { status, recorded } = props.receipt;
  const tone = status === "recorded" ? "status-ok" : status === "failed" ? "status-bad" : "status-wait";
  return (
    <div class={`status ${tone}`}>
      <p>{t.status(t.statusText[status])}</p>
      {recorded && (
        <div class="receipt-chain">
          <p>{t.record(<strong>{recorded.recordId}</strong>, <strong>{recorded.chain.blockNumber}</strong>)}</p>
          <p>{t.transaction(<code>{recorded.chain.txHash}</code>)}</p>
          <p>{t.ledgerAddress(<code>{props.ledgerAddress}</code>)}</p>
        </div>
      )}
    </div>
  );
}

/** The `find-gift` script's three steps, with this gift's own command and figure in them. */
function CheckSteps(props: { receipt: DonationReceipt; ledgerAddress: string; publicRpcUrl?: string }) {
  const t = usePage().t.receipt;
  const { receipt } = props;
  const command = `npm run find-gift -- ${receipt.trackingCode} --rpc ${props.publicRpcUrl ?? t.nodePlaceholder} --ledger ${props.ledgerAddress}`;
  return (
    <>
      <ol>
        <li>{t.check.get(<code>npm install</code>)}</li>
        <li>{props.publicRpcUrl ? t.check.runAsIs(<code>{command}</code>) : t.check.run(<code>{command}</code>, <code>{t.nodePlaceholder}</code>)}</li>
        <li>{t.check.compare(<strong>{receipt.amount}</strong>)}</li>
      </ol>
      {receipt.status === "pending" && <p>{t.check.pending}</p>}
    </>
  );
}
