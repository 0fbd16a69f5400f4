/**
 * The one redaction rule of the ledger. Every path that hands events out (audit.list,
 * audit.timeline, audit.events, the exports and the offline bundle) goes through `viewEvent`.
 *
 * An event the viewer may not read is handed out *opaque* (ADR 0024): its sequence number, its
 * tree and its leaf hash, nothing of its actor, action, entity or time. Its salted commitment makes
 * the leaf hash unguessable, and the chain and the tree still verify through it. Lists and
 * exports for reading leave such events out; the views for verifying (audit.events, the bundle)
 * carry them opaque.
 */
import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely'
import type { Database, LedgerEventRow } from '../../db/schema'
import { type ChainItem, type LedgerEvent, opaqueOf } from '../../shared/ledger-hash'
import type { Role } from '../../shared/roles'
import { eventHeaderOf } from './ledger-row'

export type Viewer =
  /** The operator with the database in hand (the CLI without --as): sees everything. */
  | { kind: 'full' }
  | { kind: 'user'; userId: string; partyCode: string | null; roles: Record<string, Role[]> }

export const FULL_VIEW: Viewer = { kind: 'full' }

/** The signed-in user as a viewer (any object with the session user's fields will do). */
export function viewerOf(user: {
  id: string
  partyCode: string | null
  roles: Record<string, Role[]>
}): Viewer {
  return { kind: 'user', userId: user.id, partyCode: user.partyCode, roles: user.roles }
}

/**
 * Roles that oversee their own party's accounts and sessions (sign-in addresses and browsers are
 * personal data: another party's leads, admins or auditors never read them).
 */
const OVERSIGHT_ROLES: readonly Role[] = ['auditor', 'admin']

export interface VisibilityFacts {
  partnershipId: string | null
  visibility: string
  actorId: string | null
  /** The acting person's party (for a failed sign-in: the account's). */
  actorParty: string | null
  action: string
  entityType: string
  entityId: string
}

/**
 * May this viewer read the event's payload?
 * - `party:X` content: only people of party X (its auditors included), and only within a
 *   partnership they belong to. External auditors (no party) never read it.
 * - An event of a partnership the viewer holds no role in: no.
 * - A deployment-wide event (no partnership: accounts, sign-ins, refused access): the person it
 *   is about, and the auditors and admins of that person's party. An event of no party (a
 *   sign-in to an address that has no account, the operator's setup): auditors and admins.
 * - Otherwise (joint, in one of the viewer's partnerships): yes.
 */
export function mayReadPayload(viewer: Viewer, event: VisibilityFacts): boolean {
  if (viewer.kind === 'full') return true
  if (isLogEvent(event)) return true
  if (event.visibility.startsWith('party:')) {
    const party = event.visibility.slice('party:'.length)
    if (viewer.partyCode === null || viewer.partyCode !== party) return false
  } else if (event.visibility !== 'joint') {
    return false // a visibility this code does not know: hide rather than leak
  }
  if (event.partnershipId !== null) return (viewer.roles[event.partnershipId] ?? []).length > 0
  const aboutViewer =
    event.actorId === viewer.userId ||
    (event.entityType === 'user' && event.entityId === viewer.userId)
  return (
    aboutViewer ||
    ((event.actorParty === null || event.actorParty === viewer.partyCode) &&
      Object.values(viewer.roles).some((roles) => roles.some((r) => OVERSIGHT_ROLES.includes(r))))
  )
}

/**
 * `mayReadPayload` as a condition on `ledger_events` rows, for lists that page and count in SQL:
 * the same rule, so a page holds only what the viewer may read and its count says nothing of the
 * rest. `partnershipId` is the partnership the list belongs to, which the viewer holds a role in
 * (the router checked it). test/api/audit-pages.test.ts compares the two forms row by row.
 */
export function readableByViewer(
  viewer: Extract<Viewer, { kind: 'user' }>,
  partnershipId: string,
): (
  eb: ExpressionBuilder<Database, 'ledger_events'>,
) => ExpressionWrapper<Database, 'ledger_events', SqlBool> {
  return (eb) => {
    const own = viewer.partyCode ? `party:${viewer.partyCode}` : null
    const seen = own
      ? eb.or([
          eb('ledger_events.visibility', '=', 'joint'),
          eb('ledger_events.visibility', '=', own),
        ])
      : eb('ledger_events.visibility', '=', 'joint')
    const oversees = Object.values(viewer.roles).some((roles) =>
      roles.some((r) => OVERSIGHT_ROLES.includes(r)),
    )
    const aboutViewer = eb.or([
      eb('ledger_events.actor_id', '=', viewer.userId),
      eb.and([
        eb('ledger_events.entity_type', '=', 'user'),
        eb('ledger_events.entity_id', '=', viewer.userId),
      ]),
    ])
    const overseen = oversees
      ? eb.or([
          aboutViewer,
          eb('ledger_events.actor_party', 'is', null),
          ...(viewer.partyCode ? [eb('ledger_events.actor_party', '=', viewer.partyCode)] : []),
        ])
      : aboutViewer
    const logEvent = eb.and([
      eb('ledger_events.partnership_id', 'is', null),
      eb('ledger_events.actor_id', 'is', null),
      eb('ledger_events.visibility', '=', 'joint'),
      eb('ledger_events.action', 'in', ['checkpoint.made', 'checkpoint.key_rotated']),
    ])
    // The partnership's own events only for a member of it; deployment-wide ones as above.
    const where = [eb.and([eb('ledger_events.partnership_id', 'is', null), overseen])]
    if ((viewer.roles[partnershipId] ?? []).length > 0)
      where.push(eb('ledger_events.partnership_id', '=', partnershipId))
    return eb.or([logEvent, eb.and([seen, eb.or(where)])])
  }
}

/**
 * The log's own system events (a checkpoint made, a signing key rotated) are about the ledger,
 * not about anyone: every viewer reads them, so every verifier can tell that a checkpoint the
 * chain records is missing, and follow a key rotation.
 */
function isLogEvent(event: VisibilityFacts): boolean {
  return (
    event.partnershipId === null &&
    event.actorId === null &&
    event.visibility === 'joint' &&
    (event.action === 'checkpoint.made' || event.action === 'checkpoint.key_rotated')
  )
}

/**
 * The stored payload text as a value. A payload that is no longer JSON (someone edited the
 * file) is handed out as its raw text: that never matches the payload hash, so every verifier
 * names the event instead of the server failing.
 */
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * The event as this viewer may see it: whole (with its payload and, for v2, the payload's salt),
 * or opaque. The salt travels only with the payload.
 */
export function viewEvent(viewer: Viewer, row: LedgerEventRow): ChainItem {
  const header = eventHeaderOf(row)
  if (!mayReadPayload(viewer, header)) return opaqueOf(header)
  return readableEvent(header, row)
}

/** The stored event with its payload (and its salt when it has one). */
export function readableEvent(header: LedgerEvent, row: LedgerEventRow): LedgerEvent {
  const payload = parsePayload(row.payload)
  return row.payload_salt === null
    ? { ...header, payload }
    : { ...header, payload, payloadSalt: row.payload_salt }
}
