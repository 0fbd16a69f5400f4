/**
 * Codes to ids: what P-12, D-7, HONDA-DRAFT-3, CON-1 or WS-BAT names in one partnership, for this
 * person. Addresses, the search box and the ledger filter take codes; every other procedure keeps
 * taking ids. A code the person may not open answers exactly as one that does not exist.
 */
import type { Executor } from '../../db/connect'
import { decisionCode, parseCode, proposalCode } from '../../shared/codes'
import { DomainError } from '../../shared/errors'
import { visibleTo } from './proposals/access'
import { rolesIn, type SessionUser } from './users'

export type CodeKind = 'proposal' | 'decision' | 'workstream' | 'charter_item'

export interface Resolved {
  kind: CodeKind
  id: string
  /** The code as the record writes it (upper case). */
  code: string
  title: string
  /** A workstream's or charter item's Japanese (ADR 0023); null for the others. */
  titleJa: string | null
}

/** What `code` names for this person in this partnership, or null (none, or not theirs to see). */
export async function findByCode(
  db: Executor,
  user: SessionUser,
  partnershipId: string,
  code: string,
): Promise<Resolved | null> {
  const parsed = parseCode(code)
  if (!parsed || rolesIn(user, partnershipId).length === 0) return null
  switch (parsed.kind) {
    case 'proposal':
    case 'draft': {
      let query = db
        .selectFrom('proposals as p')
        .select(['p.id', 'p.number', 'p.draft_number', 'p.author_party', 'p.title'])
        .where('p.partnership_id', '=', partnershipId)
        .where(visibleTo(user.partyCode))
      query =
        parsed.kind === 'proposal'
          ? query.where('p.number', '=', parsed.number)
          : // A handle names a draft only while it has no number, and only for its own party.
            query
              .where('p.number', 'is', null)
              .where('p.author_party', '=', parsed.party)
              .where('p.draft_number', '=', parsed.draftNumber)
      const p = await query.executeTakeFirst()
      return p
        ? { kind: 'proposal', id: p.id, code: proposalCode(p), title: p.title, titleJa: null }
        : null
    }
    case 'decision': {
      const d = await db
        .selectFrom('decisions')
        .select(['id', 'number', 'title'])
        .where('partnership_id', '=', partnershipId)
        .where('number', '=', parsed.number)
        .executeTakeFirst()
      return d
        ? { kind: 'decision', id: d.id, code: decisionCode(d), title: d.title, titleJa: null }
        : null
    }
    case 'item': {
      const ws = await db
        .selectFrom('workstreams')
        .select(['id', 'code', 'name', 'name_ja'])
        .where('partnership_id', '=', partnershipId)
        .where('code', '=', parsed.code)
        .executeTakeFirst()
      if (ws)
        return { kind: 'workstream', id: ws.id, code: ws.code, title: ws.name, titleJa: ws.name_ja }
      const item = await db
        .selectFrom('charter_items')
        .select(['id', 'code', 'title', 'title_ja'])
        .where('partnership_id', '=', partnershipId)
        .where('code', '=', parsed.code)
        .executeTakeFirst()
      return item
        ? {
            kind: 'charter_item',
            id: item.id,
            code: item.code,
            title: item.title,
            titleJa: item.title_ja,
          }
        : null
    }
  }
}

/** `findByCode`, refusing with a sentence when there is nothing this person may open. */
export async function resolveCode(
  db: Executor,
  user: SessionUser,
  partnershipId: string,
  code: string,
): Promise<Resolved> {
  const found = await findByCode(db, user, partnershipId, code)
  if (!found) {
    const parsed = parseCode(code)
    throw new DomainError(
      'NOT_FOUND',
      parsed
        ? `Nothing called ${parsed.code} is in this partnership for you to open.`
        : 'That is not a code: codes look like P-12, D-7, CON-1 or WS-BAT.',
      { field: 'code' },
    )
  }
  return found
}

/**
 * The ledger's filters take codes too: an `entityId` such as P-2 becomes the id it names, and
 * `entityType` the kind the code says. Anything else (an id, with its type) passes through.
 */
export async function withEntityCode<
  F extends { entityType?: string | null; entityId?: string | null },
>(db: Executor, user: SessionUser, partnershipId: string, filters: F): Promise<F> {
  if (!filters.entityId || !parseCode(filters.entityId)) return filters
  const found = await resolveCode(db, user, partnershipId, filters.entityId)
  return { ...filters, entityType: found.kind, entityId: found.id }
}
