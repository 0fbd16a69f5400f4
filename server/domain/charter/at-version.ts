/** The charter at a version: what a proposal is judged against. */
import type { Executor } from '../../../db/connect'
import type { ScreeningTerms } from '../../../shared/charter'
import { screeningTermsOf } from './items'

export interface CharterItemAt {
  id: string
  code: string
  kind: string
  title: string
  statement: string
  titleJa: string | null
  statementJa: string | null
  screeningTerms: ScreeningTerms
  status: 'active' | 'retired'
}

/** The charter as it stood at `version`: each item's latest revision at or before it. */
export async function charterAt(
  db: Executor,
  partnershipId: string,
  version: number,
): Promise<CharterItemAt[]> {
  const rows = await db
    .selectFrom('charter_item_revisions as r')
    .innerJoin('charter_items as i', 'i.id', 'r.item_id')
    .select([
      'i.id',
      'i.code',
      'i.kind',
      'r.version',
      'r.title',
      'r.statement',
      'r.title_ja',
      'r.statement_ja',
      'r.screening_terms',
      'r.status',
    ])
    .where('i.partnership_id', '=', partnershipId)
    .where('r.version', '<=', version)
    .orderBy('i.code')
    .orderBy('r.version')
    .execute()
  const latest = new Map<string, (typeof rows)[number]>()
  for (const row of rows) latest.set(row.id, row)
  return [...latest.values()].map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind,
    title: r.title,
    statement: r.statement,
    titleJa: r.title_ja,
    statementJa: r.statement_ja,
    screeningTerms: screeningTermsOf(r.screening_terms),
    status: r.status,
  }))
}

/** The partnership's current charter version. */
export async function currentCharterVersion(db: Executor, partnershipId: string): Promise<number> {
  const row = await db
    .selectFrom('partnerships')
    .select('charter_version')
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow()
  return row.charter_version
}
