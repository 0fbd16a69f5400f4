/**
 * A concern's grounds (shared/concern-grounds.ts, ADR 0031): checked when raised, and shown with
 * the charter item they name, as the page and the decision record read them.
 */
import type { Executor } from '../../../db/connect'
import type { Concern, Proposal } from '../../../db/schema'
import { type ConcernGrounds, groundsStated } from '../../../shared/concern-grounds'
import { DomainError } from '../../../shared/errors'
import type { ConcernGroundsInput } from '../../../shared/schemas/concern-grounds'

/**
 * The grounds as stored: a charter item must be one of the partnership's current (active) items,
 * named by its code; `other` keeps no code. (A policy clause's code is checked by the schema.)
 */
export async function checkGrounds(
  db: Executor,
  p: Pick<Proposal, 'partnership_id'>,
  g: ConcernGroundsInput,
): Promise<ConcernGrounds> {
  if (g.kind === 'other') return { kind: g.kind, ref: '', text: g.text }
  if (g.kind === 'charter_item') {
    const item = await db
      .selectFrom('charter_items')
      .select('code')
      .where('partnership_id', '=', p.partnership_id)
      .where('code', '=', g.ref)
      .where('status', '=', 'active')
      .executeTakeFirst()
    if (!item) {
      throw new DomainError(
        'VALIDATION',
        `${g.ref} is not a current item of this partnership's charter: pick one from the charter.`,
        { field: 'grounds.ref', rule: { name: 'unknownCharterItem', params: { code: g.ref } } },
      )
    }
  }
  return { kind: g.kind, ref: g.ref, text: g.text }
}

export interface GroundsItem {
  code: string
  kind: string
  title: string
  titleJa: string | null
}

/** The charter items these concerns stand on, by code (retired ones too: the record keeps them). */
export async function groundsItemsOf(
  db: Executor,
  partnershipId: string,
  concerns: readonly Pick<Concern, 'grounds_kind' | 'grounds_ref'>[],
): Promise<Map<string, GroundsItem>> {
  const codes = [
    ...new Set(concerns.flatMap((c) => (c.grounds_kind === 'charter_item' ? [c.grounds_ref] : []))),
  ]
  if (codes.length === 0) return new Map()
  const rows = await db
    .selectFrom('charter_items')
    .select(['code', 'kind', 'title', 'title_ja as titleJa'])
    .where('partnership_id', '=', partnershipId)
    .where('code', 'in', codes)
    .execute()
  return new Map(rows.map((r) => [r.code, r]))
}

/** What a concern stands on, what would resolve it, and who holds it now: as every reader sees it. */
export function groundsView(c: Concern, items: ReadonlyMap<string, GroundsItem>) {
  const grounds: ConcernGrounds = { kind: c.grounds_kind, ref: c.grounds_ref, text: c.grounds_text }
  return {
    grounds: {
      ...grounds,
      item: c.grounds_kind === 'charter_item' ? (items.get(c.grounds_ref) ?? null) : null,
    },
    /** false for concerns raised before grounds were asked (migration 0023) */
    groundsStated: groundsStated(grounds, c.resolves_when),
    resolvesWhen: c.resolves_when,
    /** `party_leads` once the raiser left: the partnership leads of `party` hold it (ADR 0031) */
    heldBy: c.handed_over_at ? ('party_leads' as const) : ('raiser' as const),
    handedOverAt: c.handed_over_at,
    handedOverReason: c.handed_over_reason,
  }
}
