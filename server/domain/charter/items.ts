/** The charter as it stands: its items by kind. */
import type { Executor } from '../../../db/connect'
import type { CharterItem } from '../../../db/schema'
import { CHARTER_KINDS, type CharterKind, type ScreeningTerms } from '../../../shared/charter'
import { DomainError } from '../../../shared/errors'
import type { EscalationProcedure } from '../../../shared/escalation'
import { screeningTermsInput } from '../../../shared/schemas/proposal'

/** A stored `screening_terms` column, read through the shared schema. */
export function screeningTermsOf(text: string): ScreeningTerms {
  return screeningTermsInput.parse(JSON.parse(text))
}

export function toCharterItemView(item: CharterItem) {
  return {
    id: item.id,
    code: item.code,
    kind: item.kind,
    title: item.title,
    statement: item.statement,
    titleJa: item.title_ja,
    statementJa: item.statement_ja,
    screeningTerms: screeningTermsOf(item.screening_terms),
    /** a `procedure` item's escalation ladder (ADR 0032), else null */
    procedure: item.procedure ? (JSON.parse(item.procedure) as EscalationProcedure) : null,
    status: item.status,
    introducedVersion: item.introduced_version,
    updatedVersion: item.updated_version,
    retiredVersion: item.retired_version,
  }
}
export type CharterItemView = ReturnType<typeof toCharterItemView>

export async function getCharter(db: Executor, partnershipId: string) {
  const partnership = await db
    .selectFrom('partnerships')
    .select('charter_version')
    .where('id', '=', partnershipId)
    .executeTakeFirst()
  if (!partnership) throw new DomainError('NOT_FOUND', 'No such partnership.')
  const rows = await db
    .selectFrom('charter_items')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('code')
    .execute()
  const items = Object.fromEntries(
    CHARTER_KINDS.map((kind) => [kind, [] as CharterItemView[]]),
  ) as Record<CharterKind, CharterItemView[]>
  for (const row of rows) items[row.kind].push(toCharterItemView(row))
  return { partnershipId, version: partnership.charter_version, items }
}
