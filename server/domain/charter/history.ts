/** The charter's history: each version with the changes and the decision that made it. */
import { z } from 'zod'
import type { Executor } from '../../../db/connect'
import { decisionCode, proposalCode } from '../../../shared/codes'

/**
 * Stored as `charter.amended` records them (AppliedChange of shared/ledger-events.ts); handed out
 * as a list, unexamined, for the history page to show.
 */
const appliedChanges = z.array(z.unknown())

export async function charterHistory(db: Executor, partnershipId: string) {
  const versions = await db
    .selectFrom('charter_versions as v')
    .leftJoin('decisions as d', 'd.id', 'v.decision_id')
    .leftJoin('proposals as p', 'p.id', 'd.proposal_id')
    .select([
      'v.version',
      'v.created_at',
      'v.summary',
      'v.changes',
      'v.decision_id',
      'd.number as decision_number',
      'p.id as proposal_id',
      'p.number as proposal_number',
    ])
    .where('v.partnership_id', '=', partnershipId)
    .orderBy('v.version', 'desc')
    .execute()
  return versions.map((v) => ({
    version: v.version,
    createdAt: v.created_at,
    summary: v.summary,
    changes: appliedChanges.parse(JSON.parse(v.changes)),
    decision:
      v.decision_id && v.decision_number !== null
        ? { id: v.decision_id, code: decisionCode({ number: v.decision_number }) }
        : null,
    proposal:
      v.proposal_id && v.proposal_number !== null
        ? { id: v.proposal_id, code: proposalCode({ number: v.proposal_number }) }
        : null,
  }))
}
