/**
 * The decision record: what was decided (the final revision's text, impact statements and
 * amendment), the charter version it was judged by, every review, the concerns and how each was
 * resolved, and the sign-offs of earlier revisions that a revision made stale.
 *
 * Everything here is joint: a decision exists only for a submitted proposal, and reviews,
 * concerns and sign-offs are made in the open. Comments are not part of the record (internal ones
 * belong to one party), and neither is anything from the ledger about a party's own drafting.
 */
import type { Executor } from '../../../db/connect'
import { charterAt } from '../charter/at-version'
import { groundsItemsOf, groundsView } from '../proposals/concern-grounds'
import { recusalsOf } from '../proposals/recusals'
import { contentOf } from '../proposals/revision'
import { authenticationOf } from '../proposals/signoff'

interface RecordOf {
  id: string
  partnership_id: string
  proposal_id: string
  revision: number
}

async function people(db: Executor, ids: string[]) {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map<string, { id: string; name: string }>()
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', unique)
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}

export async function decisionRecord(db: Executor, d: RecordOf) {
  const [proposal, revisions, reviews, concerns, signoffs, recusals] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['charter_version', 'author_id', 'author_party'])
      .where('id', '=', d.proposal_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('proposal_revisions')
      .selectAll()
      .where('proposal_id', '=', d.proposal_id)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('reviews')
      .selectAll()
      .where('proposal_id', '=', d.proposal_id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('concerns')
      .selectAll()
      .where('proposal_id', '=', d.proposal_id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('signoffs')
      .selectAll()
      .where('proposal_id', '=', d.proposal_id)
      .where('revision', '<', d.revision)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    recusalsOf(db, [d.proposal_id]),
  ])
  const final = revisions.find((r) => r.number === d.revision)
  if (!final) throw new Error(`decision ${d.id} names revision ${d.revision}, which is missing`)
  const content = contentOf(final)
  const charterVersion = proposal.charter_version
  const [charter, items] = await Promise.all([
    charterVersion === null
      ? undefined
      : db
          .selectFrom('charter_versions')
          .select(['version', 'summary', 'created_at'])
          .where('partnership_id', '=', d.partnership_id)
          .where('version', '=', charterVersion)
          .executeTakeFirst(),
    charterVersion === null ? [] : charterAt(db, d.partnership_id, charterVersion),
  ])
  const itemById = new Map(items.map((i) => [i.id, i]))
  const who = await people(db, [
    proposal.author_id,
    final.created_by,
    ...reviews.map((r) => r.reviewer_id),
    ...concerns.flatMap((c) => (c.resolved_by ? [c.raised_by, c.resolved_by] : [c.raised_by])),
    ...signoffs.map((s) => s.signer_id),
    ...recusals.map((r) => r.user_id),
    ...signoffs.flatMap((s) => (s.on_behalf_of ? [s.on_behalf_of] : [])),
  ])
  const person = (id: string) => who.get(id) ?? { id, name: '' }
  const groundsItems = await groundsItemsOf(db, d.partnership_id, concerns)
  return {
    author: { ...person(proposal.author_id), party: proposal.author_party },
    /** The text that was decided: the final revision, as its author wrote it. */
    text: {
      revision: final.number,
      title: content.title,
      body: content.body,
      note: final.note,
      createdAt: final.created_at,
      createdBy: person(final.created_by),
      decideBy: content.decideBy,
      /** Each impact statement, with the charter item as it stood at the version judged by. */
      impacts: content.impacts.map((s) => {
        const item = itemById.get(s.itemId)
        return {
          item: item
            ? {
                id: item.id,
                code: item.code,
                kind: item.kind,
                title: item.title,
                titleJa: item.titleJa,
              }
            : { id: s.itemId, code: '', kind: '', title: '', titleJa: null },
          impact: s.impact,
          explanation: s.explanation,
        }
      }),
      amendment: content.amendment,
    },
    /** The charter version the proposal was judged by (frozen at submission). */
    charter: charter
      ? { version: charter.version, summary: charter.summary, createdAt: charter.created_at }
      : null,
    revisions: revisions.map((r) => ({
      number: r.number,
      title: r.title,
      note: r.note,
      createdAt: r.created_at,
    })),
    /** Every review, stale when given on a revision before the decided one. */
    reviews: reviews.map((r) => ({
      id: r.id,
      revision: r.revision,
      reviewer: person(r.reviewer_id),
      party: r.party,
      verdict: r.verdict,
      comment: r.comment,
      createdAt: r.created_at,
      stale: r.revision < d.revision,
    })),
    /** Who stepped aside for a conflict of interest, with the reason (ADR 0029). */
    recusals: recusals.map((r) => ({
      id: r.id,
      revision: r.revision,
      person: person(r.user_id),
      party: r.party,
      reason: r.reason,
      createdAt: r.created_at,
    })),
    concerns: concerns.map((c) => ({
      id: c.id,
      revision: c.revision,
      title: c.title,
      rationale: c.rationale,
      party: c.party,
      raisedBy: person(c.raised_by),
      createdAt: c.created_at,
      status: c.status,
      resolution: c.resolution,
      resolvedBy: c.resolved_by ? person(c.resolved_by) : null,
      resolvedAt: c.resolved_at,
      override: c.override === 1,
      ...groundsView(c, groundsItems),
    })),
    /** Sign-offs of earlier revisions: a revision made them stale; they stay on the record. */
    staleSignoffs: signoffs.map((s) => ({
      id: s.id,
      revision: s.revision,
      party: s.party,
      signer: person(s.signer_id),
      onBehalfOf: s.on_behalf_of ? person(s.on_behalf_of) : null,
      verdict: s.verdict,
      rationale: s.rationale,
      signedAt: s.created_at,
      authentication: authenticationOf(s),
    })),
  }
}
