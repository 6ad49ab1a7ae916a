import type { OrganisationPage } from "../../services/get-organisation-page.ts";
import type { LedgerPageOptions } from "./campaign-page.tsx";
import { Document, renderDocument } from "./layout.tsx";
import { Disbursements, Figures, Flags, Grants, MirrorStatus, MoneyAge, Sources, Spending, Typed, type PartsView } from "./ledger-page-parts.tsx";
import { usePage, type PageContext } from "./page-context.ts";

/**
 * The public page of an organisation at `/organisations/{id}`: its campaigns together (one ledger
 * per currency), each campaign with what it raised and holds and a link to its own page, its
 * newest payments and grants across them, the flags, and the queries the figures came from.
 */
export function renderOrganisationPage(context: PageContext, data: OrganisationPage, options: LedgerPageOptions): string {
  return renderDocument(<OrganisationPageView data={data} options={options} />, context);
}

function OrganisationPageView({ data, options }: { data: OrganisationPage; options: LedgerPageOptions }) {
  const page = usePage();
  const t = page.t.organisationPage;
  const { organisation } = data;
  const txUrl = (txHash: string) => options.explorerTxUrl?.replace("{txHash}", txHash);
  const viewIn = (currency: string): PartsView => ({ t, money: (minorUnits) => page.money(minorUnits, currency), txUrl });
  // The records listed are of the campaigns listed, each written in its own campaign's currency.
  const currencyOf = new Map(data.campaigns.items.map((c) => [c.campaign.id, c.campaign.currency]));
  const recordsView: PartsView = { t, money: (m, campaignId) => page.money(m, currencyOf.get(campaignId ?? "") ?? data.totals[0]?.currency ?? "CNY"), txUrl };
  const api = `/api/v1/organisations/${organisation.id}`;
  return (
    <Document title={t.title(organisation.name)}>
      <h1>
        <Typed text={organisation.name} />
      </h1>
      {organisation.suspended && <p class="status status-bad">{t.suspended}</p>}
      {data.publicFundraising && <p class="lead">{data.publicFundraising.qualified ? t.publicFundraising.yes : t.publicFundraising.no}</p>}
      {options.verification.state === "differences" && <MirrorStatus view={recordsView} verification={options.verification} />}
      {data.totals.map((total, i) => (
        <>
          <Figures view={viewIn(total.currency)} body={total} from={data.from} id={`figures-${i}`} heading={t.totalsHeading(total.currency)} api={api} />
          <Spending view={viewIn(total.currency)} spending={total.totals.spending} id={`spending-${i}`} />
          <MoneyAge view={viewIn(total.currency)} age={total.age} id={`age-${i}`} />
        </>
      ))}
      <section class="card" aria-labelledby="campaigns">
        <h2 id="campaigns">{t.campaignsHeading}</h2>
        {data.campaigns.items.length === 0 ? (
          <p>{t.noCampaigns}</p>
        ) : (
          <ul class="records">
            {data.campaigns.items.map((c) => (
              <li>
                <h3 class="go">
                  <a href={`/campaigns/${c.campaign.id}`}>
                    <Typed text={c.campaign.title} />
                  </a>
                </h3>
                {c.campaign.closed && <p>{t.closed}</p>}
                <dl class="facts">
                  <div>
                    <dt>{t.campaignRaised}</dt>
                    <dd>{page.money(c.totals.in.donations.amount, c.campaign.currency)}</dd>
                  </div>
                  <div>
                    <dt>{t.spent}</dt>
                    <dd>{page.money(c.totals.out.disbursements.amount, c.campaign.currency)}</dd>
                  </div>
                  <div>
                    <dt>{t.campaignHeld}</dt>
                    <dd>{page.money(c.held.now, c.campaign.currency)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
        {data.campaigns.more && <p>{t.campaignsMore}</p>}
      </section>
      <Disbursements view={recordsView} items={data.disbursements} showCampaign />
      <Grants view={recordsView} items={data.grants} showCampaign />
      <Flags view={recordsView} latest={data} />
      {options.verification.state !== "differences" && <MirrorStatus view={recordsView} verification={options.verification} />}
      <Sources
        view={recordsView}
        asOfBlock={data.asOfBlock}
        links={[
          [t.ledgerJson, `${api}/ledger`],
          [t.recordsCsv, `${api}/records.csv`],
        ]}
      />
    </Document>
  );
}
