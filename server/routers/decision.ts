import { decisionRecordPdfInput } from '../../shared/schemas/decision-record'
import { decisionExportInput, decisionListInput, decisionRef } from '../../shared/schemas/proposal'
import { viewerOf } from '../audit/visibility'
import { decisionCertificate } from '../domain/decisions/certificate'
import { exportDecisions } from '../domain/decisions/export'
import { finalityOf } from '../domain/decisions/finality'
import { decisionRecordPdf } from '../domain/decisions/pdf'
import { getDecision, listDecisions } from '../domain/decisions/register'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

export const decisionRouter = router({
  list: partnershipProcedure()
    .input(decisionListInput)
    .query(({ ctx, input }) => listDecisions(ctx.db, input)),
  get: authedProcedure
    .input(decisionRef)
    .query(({ ctx, input }) => getDecision(ctx.db, Object.keys(ctx.user.roles), input.decisionId)),
  /** The record as a PDF (A4), base64 in the answer like the register's exports. */
  recordPdf: authedProcedure.input(decisionRecordPdfInput).query(async ({ ctx, input }) => {
    const decision = await getDecision(ctx.db, Object.keys(ctx.user.roles), input.decisionId)
    const pdf = await decisionRecordPdf(ctx.db, decision, input.lang)
    return {
      filename: `${decision.code}-record-${input.lang}.pdf`,
      contentType: 'application/pdf',
      base64: Buffer.from(pdf).toString('base64'),
    }
  }),
  /** Whether every party's witness has cosigned a checkpoint that includes the decision. */
  finality: authedProcedure
    .input(decisionRef)
    .query(({ ctx, input }) => finalityOf(ctx.db, Object.keys(ctx.user.roles), input.decisionId)),
  /**
   * The decision's certificate (docs/ledger-spec.md §11) as this viewer may see its history; only
   * for a final decision.
   */
  certificate: authedProcedure
    .input(decisionRef)
    .query(({ ctx, input }) =>
      decisionCertificate(
        ctx.db,
        viewerOf(ctx.user),
        Object.keys(ctx.user.roles),
        input.decisionId,
      ),
    ),
  export: partnershipProcedure()
    .input(decisionExportInput)
    .query(({ ctx, input }) => exportDecisions(ctx.db, input)),
})
