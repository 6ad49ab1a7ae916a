import { basisPointsAsPercent, progressBasisPoints } from "../../domain/ledger-page.ts";
import type { VerificationStatus } from "../../domain/verification.ts";
import type { CampaignPage } from "../../services/get-campaign-page.ts";
import { Document, renderDocument } from "./layout.tsx";
import { Disbursements, Figures, Flags, Grants, MirrorStatus, MoneyAge, Sources, Spending, Typed, type PartsView } from "./ledger-page-parts.tsx";
import { usePage, type PageContext } from "./page-context.ts";

export interface LedgerPageOptions {
  verification: VerificationStatus;
  /** A block explorer's address for a transaction, with `{txHash}` where its hash goes. */
  explorerTxUrl?: string;
}

/**
 * The public page of a campaign at `/campaigns/{id}`: what it raised, spent by purpose and holds,
 * how far it is towards its target, how long its money has waited, its newest payments and
 * grants, the flags on it, and the queries every figure came from.
 */
export function renderCampaignPage(context: PageContext, data: CampaignPage, options: LedgerPageOptions): string {
  return renderDocument(<CampaignPageView data={data} options={options} />, context);
}

function CampaignPageView({ data, options }: { data: CampaignPage; options: LedgerPageOptions }) {
  const page = usePage();
  const t = page.t.campaignPage;
  const { ledger } = data;
  const { campaign } = ledger;
  const view: PartsView = {
    t,
    money: (minorUnits) => page.money(minorUnits, campaign.currency),
    txUrl: (txHash) => options.explorerTxUrl?.replace("{txHash}", txHash),
  };
  const api = `/api/v1/campaigns/${campaign.id}`;
  return (
    <Document title={t.title(campaign.title)}>
      <h1>
        <Typed text={campaign.title} />
      </h1>
      <p class="lead">
        {t.of}{" "}
        <a href={`/organisations/${campaign.organisation.id}`}>
          <Typed text={campaign.organisation.name} />
        </a>
      </p>
      {campaign.closed && <p class="status status-wait">{t.closed}</p>}
      {options.verification.state === "differences" && <MirrorStatus view={view} verification={options.verification} />}
      <Figures view={view} body={ledger} from={ledger.from} id="figures" heading={t.figuresHeading} api={api} />
      <Progress view={view} raised={ledger.totals.in.donations.amount} target={campaign.target} />
      <Spending view={view} spending={ledger.totals.spending} id="spending" />
      <MoneyAge view={view} age={ledger.age} id="age" />
      <Disbursements view={view} items={data.disbursements} showCampaign={false} />
      <Grants view={view} items={data.grants} showCampaign={false} />
      <Flags view={view} latest={data} />
      {options.verification.state !== "differences" && <MirrorStatus view={view} verification={options.verification} />}
      <Sources
        view={view}
        asOfBlock={ledger.asOfBlock}
        links={[
          [t.ledgerJson, `${api}/ledger`],
          [t.recordsCsv, `${api}/records.csv`],
          [t.report, `/reports/campaigns/${campaign.id}`],
        ]}
      />
    </Document>
  );
}

function Progress(props: { view: PartsView; raised: string; target: string }) {
  const t = usePage().t.campaignPage;
  const bp = progressBasisPoints(BigInt(props.raised), BigInt(props.target));
  return (
    <section class="card" aria-labelledby="target">
      <h2 id="target">{t.targetHeading}</h2>
      {bp === null ? (
        <p>{t.noTarget}</p>
      ) : (
        <>
          <p id="target-words">{t.progress(props.view.money(props.raised), props.view.money(props.target), basisPointsAsPercent(bp))}</p>
          <progress class="goal" max={10000} value={Math.min(bp, 10000)} aria-labelledby="target-words" />
        </>
      )}
    </section>
  );
}
