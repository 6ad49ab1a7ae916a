import type { ExportReads, ExportStore } from "../db/exports.ts";
import { chunked } from "../domain/csv.ts";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import {
  iatiActivityEnd,
  iatiActivityStart,
  iatiDocumentEnd,
  iatiDocumentStart,
  iatiOrganisationRef,
  iatiTransaction,
  type IatiCampaign,
  type IatiOrganisation,
} from "../domain/iati.ts";
import { exportFilename } from "../domain/record-export.ts";
import type { SendExport } from "./export-records-csv.ts";

/**
 * An organisation's campaigns as IATI 2.03 activities (server/domain/iati.ts), streamed: the
 * document is written campaign by campaign as the rows arrive, from one snapshot of the mirror.
 * Refused before the first byte when the organisation is unknown, has no campaign (an IATI file
 * holds at least one activity) or has no registration number of a form IATI can name it by.
 */
export async function exportIatiActivities(options: { exports: ExportStore; organisationId: bigint; ledgerAddress: string; now?: Date; send: SendExport }): Promise<void> {
  const now = options.now ?? new Date();
  await options.exports.inSnapshot(async (reads) => {
    const organisation = await reads.organisation(options.organisationId);
    if (!organisation) {
      throw new AppError(AppErrorCode.NotFound, `No organisation ${options.organisationId} is in the ledger.`, { errors: [{ field: "id", reason: "unknown organisation" }] });
    }
    const organisationRef = iatiOrganisationRef(organisation.registrationNumber);
    if (organisationRef === undefined) {
      throw new AppError(AppErrorCode.NotFound, `Organisation ${organisation.id} has no IATI organisation identifier: its registration number is not a unified social credit code.`, {
        errors: [{ field: "id", reason: "has no registration number IATI can identify it by" }],
      });
    }
    const campaigns = await reads.campaigns(options.organisationId);
    if (campaigns.length === 0) {
      throw new AppError(AppErrorCode.NotFound, `Organisation ${organisation.id} has no campaigns, and an IATI file holds at least one activity.`, {
        errors: [{ field: "id", reason: "has no campaigns to report" }],
      });
    }
    const document = activities({ reads, organisation, organisationRef, campaigns, ledgerAddress: options.ledgerAddress, now });
    await options.send({ filename: exportFilename({ organisation: organisation.id }, "iati-activities", {}, "xml"), asOfBlock: reads.asOfBlock }, chunked(document));
  });
}

async function* activities(input: {
  reads: ExportReads;
  organisation: IatiOrganisation;
  organisationRef: string;
  campaigns: IatiCampaign[];
  ledgerAddress: string;
  now: Date;
}): AsyncGenerator<string> {
  const { reads, organisation, organisationRef } = input;
  yield iatiDocumentStart(input.now);
  for (const campaign of input.campaigns) {
    yield iatiActivityStart({ organisation, organisationRef, campaign, ledgerAddress: input.ledgerAddress, asOfBlock: reads.asOfBlock });
    // A campaign of an on-chain asset has no ISO 4217 currency for IATI's values: its activity says so and lists none.
    if (campaign.asset === 0) {
      for await (const row of reads.iatiTransactions(campaign.id)) yield iatiTransaction(row, { organisation, organisationRef, campaign });
    }
    yield iatiActivityEnd();
  }
  yield iatiDocumentEnd();
}
