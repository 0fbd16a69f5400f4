/**
 * What the ids on a page of the ledger name, for people: a proposal or decision by its code
 * (P-12, D-7), a workstream or charter item by its code (WS-BAT, CON-1), a person by name and
 * party, a party by its code. One query per page (a UNION ALL over the five tables), whatever
 * the page holds.
 *
 * It names only what the viewer may open: a proposal through the proposals' own rule
 * (`visibleTo`: another party's draft stays unnamed), and only things of this partnership. Ids
 * come from the events' headers and from payloads the viewer may already read (visibility.ts),
 * so no label tells more than the event it stands beside.
 */
import { sql } from 'kysely'
import type { Executor } from '../../db/connect'
import { decisionCode, isId, proposalCode } from '../../shared/codes'
import { visibleTo } from '../domain/proposals/access'
import type { ListedEvent } from './query'

export type RefKind = 'proposal' | 'decision' | 'workstream' | 'charter_item' | 'user' | 'party'

/** How a person reads one id. */
export interface Ref {
  kind: RefKind
  /** The code (P-12, D-7, WS-BAT, CON-1, HONDA) or, for a person, their name. */
  label: string
  /** A proposal's or decision's title, a workstream's or charter item's name. */
  title: string | null
  /** A person's party code. */
  party: string | null
}

/** More ids than this on one page are left as they are (a page of 25 events holds far fewer). */
const MAX_IDS = 500

/** Every id (a UUID) in a payload, however deep. */
function collectIds(value: unknown, into: Set<string>): void {
  if (into.size >= MAX_IDS) return
  if (typeof value === 'string') {
    if (isId(value)) into.add(value.toLowerCase())
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into)
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, into)
  }
}

/** The ids a page of events mentions: entities, actors, and ids inside readable payloads. */
export function idsOfPage(events: readonly ListedEvent[]): string[] {
  const ids = new Set<string>()
  for (const e of events) {
    if (isId(e.entityId)) ids.add(e.entityId.toLowerCase())
    if (e.actorId && isId(e.actorId)) ids.add(e.actorId.toLowerCase())
    if (!e.redacted) collectIds(e.payload, ids)
  }
  return [...ids].slice(0, MAX_IDS)
}

const NULL_INT = sql<number | null>`cast(null as integer)`
const NULL_TEXT = sql<string | null>`cast(null as text)`

/** The labels of `ids` this viewer may read, in one query. */
export async function resolveRefs(
  db: Executor,
  viewer: { partyCode: string | null },
  partnershipId: string,
  ids: readonly string[],
): Promise<Record<string, Ref>> {
  if (ids.length === 0) return {}
  const list = [...ids]
  const rows = await db
    .selectFrom('proposals as p')
    .select([
      'p.id as id',
      sql<RefKind>`'proposal'`.as('kind'),
      'p.number as number',
      'p.draft_number as draft_number',
      sql<string | null>`p.author_party`.as('party'),
      NULL_TEXT.as('code'),
      'p.title as title',
    ])
    .where('p.id', 'in', list)
    .where('p.partnership_id', '=', partnershipId)
    .where(visibleTo(viewer.partyCode))
    .unionAll((eb) =>
      eb
        .selectFrom('decisions as d')
        .select([
          'd.id as id',
          sql<RefKind>`'decision'`.as('kind'),
          'd.number as number',
          NULL_INT.as('draft_number'),
          NULL_TEXT.as('party'),
          NULL_TEXT.as('code'),
          'd.title as title',
        ])
        .where('d.id', 'in', list)
        .where('d.partnership_id', '=', partnershipId),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('workstreams as w')
        .select([
          'w.id as id',
          sql<RefKind>`'workstream'`.as('kind'),
          NULL_INT.as('number'),
          NULL_INT.as('draft_number'),
          NULL_TEXT.as('party'),
          'w.code as code',
          'w.name as title',
        ])
        .where('w.id', 'in', list)
        .where('w.partnership_id', '=', partnershipId),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('charter_items as c')
        .select([
          'c.id as id',
          sql<RefKind>`'charter_item'`.as('kind'),
          NULL_INT.as('number'),
          NULL_INT.as('draft_number'),
          NULL_TEXT.as('party'),
          'c.code as code',
          'c.title as title',
        ])
        .where('c.id', 'in', list)
        .where('c.partnership_id', '=', partnershipId),
    )
    .unionAll((eb) =>
      // People: the roster every party may see (name and party), never their address.
      eb
        .selectFrom('users as u')
        .leftJoin('parties as up', 'up.id', 'u.party_id')
        .select([
          'u.id as id',
          sql<RefKind>`'user'`.as('kind'),
          NULL_INT.as('number'),
          NULL_INT.as('draft_number'),
          'up.code as party',
          NULL_TEXT.as('code'),
          'u.name as title',
        ])
        .where('u.id', 'in', list),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('parties as pa')
        .select([
          'pa.id as id',
          sql<RefKind>`'party'`.as('kind'),
          NULL_INT.as('number'),
          NULL_INT.as('draft_number'),
          NULL_TEXT.as('party'),
          'pa.code as code',
          'pa.name as title',
        ])
        .where('pa.id', 'in', list),
    )
    .execute()
  const refs: Record<string, Ref> = {}
  for (const row of rows) {
    const id = String(row.id).toLowerCase()
    switch (row.kind) {
      case 'proposal':
        refs[id] = {
          kind: 'proposal',
          label: proposalCode({
            number: row.number === null ? null : Number(row.number),
            draft_number: row.draft_number === null ? null : Number(row.draft_number),
            author_party: row.party ?? undefined,
          }),
          title: row.title,
          party: null,
        }
        break
      case 'decision':
        refs[id] = {
          kind: 'decision',
          label: decisionCode({ number: Number(row.number) }),
          title: row.title,
          party: null,
        }
        break
      case 'user':
        refs[id] = { kind: 'user', label: row.title ?? '', title: null, party: row.party }
        break
      default:
        refs[id] = { kind: row.kind, label: row.code ?? '', title: row.title, party: null }
    }
  }
  return refs
}
