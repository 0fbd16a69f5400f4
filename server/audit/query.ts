/**
 * Finding things in the ledger: list with filters, timelines, raw pages for the browser verifier,
 * filtered exports (JSON Lines, CSV) and the verifiable bundle. Every event handed out passes
 * through visibility.ts's `viewEvent`.
 */
import type { Executor } from '../../db/connect'
import type { LedgerEventRow } from '../../db/schema'
import {
  checkpointLine,
  eventLine,
  headerLine,
  opaqueLine,
  treeCheckpointLine,
} from '../../shared/audit-bundle'
import { DomainError } from '../../shared/errors'
import { type ChainItem, isOpaque, type LedgerEvent } from '../../shared/ledger-hash'
import type { AuditFilters } from '../../shared/schemas/audit'
import { decodeCursor, encodeCursor } from '../api/pagination'
import { bundleTrees } from './bundle-trees'
import { listCheckpoints } from './checkpoints'
import type { SigningKey } from './keys'
import { ledgerHead } from './ledger'
import { idsOfPage, type Ref, resolveRefs } from './references'
import { formerKeys } from './verify'
import { readableByViewer, type Viewer, viewEvent } from './visibility'

/**
 * An event in a list for reading. Events the viewer may not read are not listed at all (not even
 * their timing shows); `redacted` stays for the client's types and is always false.
 */
export type ListedEvent = LedgerEvent & { redacted: false; actorName: string | null }

function baseQuery(db: Executor) {
  return db
    .selectFrom('ledger_events')
    .leftJoin('users', 'users.id', 'ledger_events.actor_id')
    .selectAll('ledger_events')
    .select('users.name as actor_name')
}

/**
 * Events of one partnership plus the deployment-wide ones (accounts, sign-ins, refused access,
 * checkpoints), filtered. Another partnership's events never appear in its lists.
 */
function filtered(db: Executor, partnershipId: string, f: Omit<AuditFilters, 'order'>) {
  let q = baseQuery(db).where((eb) =>
    eb.or([
      eb('ledger_events.partnership_id', '=', partnershipId),
      eb('ledger_events.partnership_id', 'is', null),
    ]),
  )
  if (f.entityType) q = q.where('ledger_events.entity_type', '=', f.entityType)
  if (f.entityId) q = q.where('ledger_events.entity_id', '=', f.entityId)
  if (f.actorId) q = q.where('ledger_events.actor_id', '=', f.actorId)
  if (f.party === 'none') q = q.where('ledger_events.actor_party', 'is', null)
  else if (f.party) q = q.where('ledger_events.actor_party', '=', f.party)
  if (f.action) q = q.where('ledger_events.action', '=', f.action)
  if (f.from) q = q.where('ledger_events.ts', '>=', f.from)
  if (f.to) q = q.where('ledger_events.ts', '<', f.to)
  return q
}

function listed(
  viewer: Viewer,
  row: LedgerEventRow & { actor_name: string | null },
): ListedEvent | null {
  const event = viewEvent(viewer, row)
  return isOpaque(event) ? null : { ...event, redacted: false, actorName: row.actor_name }
}

/** Keyset pages over the sequence number, newest or oldest first. */
export async function listEvents(
  db: Executor,
  viewer: Viewer,
  partnershipId: string,
  input: AuditFilters & { cursor?: string | null; limit: number; onlyReadable?: boolean },
): Promise<{ items: ListedEvent[]; nextCursor: string | null }> {
  const newest = input.order === 'newest'
  let q = filtered(db, partnershipId, input)
  if (input.onlyReadable && viewer.kind === 'user') {
    const own = viewer.partyCode ? `party:${viewer.partyCode}` : null
    q = q.where((eb) =>
      own
        ? eb.or([
            eb('ledger_events.visibility', '=', 'joint'),
            eb('ledger_events.visibility', '=', own),
          ])
        : eb('ledger_events.visibility', '=', 'joint'),
    )
  }
  q = q.orderBy('ledger_events.seq', newest ? 'desc' : 'asc')
  let after: number | null = input.cursor
    ? (decodeCursor(input.cursor, ['number']) as [number])[0]
    : null
  // Events the viewer may not read are not listed (visibility.ts decides, in one place): read on
  // in batches until the page is full or the rows run out, so a page is never empty before the end.
  const batch = Math.max(input.limit + 1, 200)
  const items: ListedEvent[] = []
  for (;;) {
    const rows = await (after === null
      ? q
      : q.where('ledger_events.seq', newest ? '<' : '>', after)
    )
      .limit(batch)
      .execute()
    for (const row of rows) {
      const event = listed(viewer, row)
      if (event) items.push(event)
      if (items.length > input.limit) break
    }
    if (items.length > input.limit || rows.length < batch) break
    after = Number(rows[rows.length - 1]?.seq)
  }
  const page = items.slice(0, input.limit)
  const last = page.at(-1)
  return {
    items: page,
    nextCursor: items.length > input.limit && last ? encodeCursor([last.seq]) : null,
  }
}

/** Counting the matches stops here: past it a page says "more than 10,000". */
export const COUNT_CAP = 10_000

export interface LedgerPage {
  items: ListedEvent[]
  /** The page after this one in the list's order (older, when newest first). */
  nextCursor: string | null
  /** The page before this one (newer, when newest first). */
  prevCursor: string | null
  /** How many matching events come before this page in the list's order. */
  offset: number
  /** How many events match in all, or null when more than COUNT_CAP do. */
  total: number | null
  /** The ledger's head when the first page was read: later pages never show events past it. */
  upToSeq: number
  /** What the ids on this page name, for this viewer (references.ts). */
  refs: Record<string, Ref>
}

type PageCursor = { dir: 'next' | 'prev'; seq: number; offset: number; total: number; upTo: number }

function readPageCursor(cursor: string): PageCursor {
  const [dir, seq, offset, total, upTo] = decodeCursor(cursor, [
    'string',
    'number',
    'number',
    'number',
    'number',
  ]) as [string, number, number, number, number]
  if (dir !== 'next' && dir !== 'prev')
    throw new DomainError(
      'VALIDATION',
      'cursor: not a cursor this list gave out; start again without one.',
      { field: 'cursor' },
    )
  return { dir, seq, offset, total, upTo }
}

/**
 * One page of the audit ledger, newer/older by keyset over the sequence number, in O(page) work:
 * the first page reads the head and counts the matches once (at most COUNT_CAP + 1 index rows);
 * the cursor carries the head, the count and the page's position, so later pages only read their
 * own rows plus one. Pages stand still while events are appended: they show the ledger as it was
 * at the first page, until the reader starts again from the first page.
 */
export async function ledgerPage(
  db: Executor,
  viewer: Viewer,
  partnershipId: string,
  input: AuditFilters & { cursor?: string | null; limit: number },
): Promise<LedgerPage> {
  const newest = input.order === 'newest'
  // Only what the viewer may read is paged and counted: the rest leaves no trace, not even a gap.
  const readable = () =>
    viewer.kind === 'user'
      ? filtered(db, partnershipId, input).where(readableByViewer(viewer, partnershipId))
      : filtered(db, partnershipId, input)
  let at: PageCursor
  if (input.cursor) {
    at = readPageCursor(input.cursor)
  } else {
    const upTo = (await ledgerHead(db)).seq
    const counted = await db
      .selectFrom(
        readable()
          .where('ledger_events.seq', '<=', upTo)
          .clearSelect()
          .select('ledger_events.seq')
          .limit(COUNT_CAP + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const n = Number(counted.n)
    at = { dir: 'next', seq: newest ? upTo + 1 : 0, offset: 0, total: n > COUNT_CAP ? -1 : n, upTo }
  }
  // Forward in the list's order, or backward (then the rows are read reversed and turned round).
  const forward = at.dir === 'next'
  const descending = newest === forward
  const rows = await readable()
    .where('ledger_events.seq', '<=', at.upTo)
    .where('ledger_events.seq', descending ? '<' : '>', at.seq)
    .orderBy('ledger_events.seq', descending ? 'desc' : 'asc')
    .limit(input.limit + 1)
    .execute()
  const more = rows.length > input.limit
  const taken = rows.slice(0, input.limit)
  if (!forward) taken.reverse()
  // The SQL condition and visibility.ts's rule are one rule; a row they disagree on is left out.
  const items = taken.flatMap((row) => listed(viewer, row) ?? [])
  const hasNext = forward ? more : true
  const hasPrev = forward ? Boolean(input.cursor) : more
  const offset = hasPrev ? at.offset : 0
  const first = items[0]
  const last = items.at(-1)
  const cursorOf = (dir: PageCursor['dir'], seq: number, off: number) =>
    encodeCursor([dir, seq, off, at.total, at.upTo])
  return {
    items,
    nextCursor:
      hasNext && last && items.length > 0
        ? cursorOf('next', last.seq, offset + items.length)
        : null,
    prevCursor:
      hasPrev && first ? cursorOf('prev', first.seq, Math.max(0, offset - input.limit)) : null,
    offset,
    total: at.total < 0 ? null : at.total,
    upToSeq: at.upTo,
    refs: await resolveRefs(
      db,
      { partyCode: viewer.kind === 'user' ? viewer.partyCode : null },
      partnershipId,
      idsOfPage(items),
    ),
  }
}

/** The history of one entity (a proposal, decision, charter item, workstream, user, ...). */
export function timeline(
  db: Executor,
  viewer: Viewer,
  partnershipId: string,
  input: { entityType: string; entityId: string; cursor?: string | null; limit: number },
) {
  // A timeline tells a story, not a proof: another party's private steps (its drafts, its
  // internal comments) are left out altogether, so not even their timing shows. The ledger views
  // for verification (list, events, exports) keep them, redacted.
  return listEvents(db, viewer, partnershipId, { ...input, order: 'oldest', onlyReadable: true })
}

/**
 * Raw events of the whole chain in sequence order, as the viewer may see them: what a browser
 * needs to recompute every hash itself. The chain spans every partnership, so events of other
 * partnerships come too, opaque (leaf hash and position only), like every event the viewer may
 * not read.
 */
export async function eventsPage(
  db: Executor,
  viewer: Viewer,
  input: { afterSeq: number; limit: number },
): Promise<{ events: ChainItem[]; headSeq: number }> {
  const rows = await db
    .selectFrom('ledger_events')
    .selectAll()
    .where('seq', '>', input.afterSeq)
    .orderBy('seq')
    .limit(input.limit)
    .execute()
  const head = await ledgerHead(db)
  return { events: rows.map((row) => viewEvent(viewer, row)), headSeq: head.seq }
}

/** More than this and an export over the API is refused: the CLI streams any size. */
export const EXPORT_LIMIT = 50_000

const CSV_COLUMNS = [
  'seq',
  'ts',
  'partnership_id',
  'actor_id',
  'actor_name',
  'actor_party',
  'action',
  'entity_type',
  'entity_id',
  'visibility',
  'redacted',
  'before',
  'after',
  'payload_hash',
  'prev_hash',
  'hash',
] as const

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = typeof value === 'string' ? value : JSON.stringify(value)
  // A spreadsheet would run a cell that starts like a formula; a leading quote keeps it text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function csvRow(e: ListedEvent): string {
  const payload = e.payload as { before?: unknown; after?: unknown } | undefined
  const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    seq: String(e.seq),
    ts: e.ts,
    partnership_id: e.partnershipId,
    actor_id: e.actorId,
    actor_name: e.actorName,
    actor_party: e.actorParty,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    visibility: e.visibility,
    redacted: 'false',
    before: payload?.before ?? null,
    after: payload?.after ?? null,
    payload_hash: e.payloadHash,
    prev_hash: e.prevHash,
    hash: e.hash,
  }
  return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')
}

/** The filtered list as JSON Lines or CSV text, in pages of the same keyset query. */
export async function exportEvents(
  db: Executor,
  viewer: Viewer,
  partnershipId: string,
  input: AuditFilters & { format: 'jsonl' | 'csv' },
): Promise<{ filename: string; contentType: string; count: number; text: string }> {
  const lines: string[] = input.format === 'csv' ? [CSV_COLUMNS.join(',')] : []
  let cursor: string | null = null
  let count = 0
  do {
    const page = await listEvents(db, viewer, partnershipId, { ...input, cursor, limit: 1000 })
    for (const event of page.items) {
      lines.push(input.format === 'csv' ? csvRow(event) : JSON.stringify(event))
    }
    count += page.items.length
    if (count > EXPORT_LIMIT)
      throw new DomainError(
        'VALIDATION',
        `The export has more than ${EXPORT_LIMIT} events: narrow the filters (time range, entity, actor), or export with the command line (npm run concord -- audit export).`,
        { field: 'from' },
      )
    cursor = page.nextCursor
  } while (cursor)
  const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19)
  return {
    filename: `concord-audit-${stamp}.${input.format}`,
    contentType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    count,
    // RFC 4180 ends CSV records with CRLF; JSON Lines uses LF.
    text: lines.map((line) => `${line}${input.format === 'csv' ? '\r\n' : '\n'}`).join(''),
  }
}

/**
 * Writes the verifiable bundle (shared/audit-bundle.ts) for this viewer: header with the public
 * key, every checkpoint, then every event of the chain up to the head, page by page. The head is
 * fixed first, so writes that land meanwhile are left for the next export.
 */
export async function writeBundle(
  db: Executor,
  viewer: Viewer,
  key: SigningKey,
  who: { email: string | null; party: string | null },
  write: (line: string) => void | Promise<void>,
): Promise<{ headSeq: number; headHash: string; events: number; checkpoints: number }> {
  // Checkpoints first, then the head: a checkpoint is made only after its events committed, so
  // every one listed lies within the head read next. One beyond the head means the tail is gone,
  // and it goes into the bundle so the verifier can say so.
  const checkpoints = await listCheckpoints(db)
  const trees = await bundleTrees(db, viewer)
  const head = await ledgerHead(db)
  await write(
    headerLine({
      exportedAt: new Date().toISOString(),
      viewer: { ...who, full: viewer.kind === 'full' },
      headSeq: head.seq,
      headHash: head.hash,
      events: head.seq,
      checkpoints: checkpoints.length,
      publicKey: key.publicKey,
      formerKeys: await formerKeys(db),
      deployment: key.deployment,
      treeCheckpoints: trees.checkpoints.length,
      witnesses: trees.witnesses,
    }),
  )
  for (const cp of checkpoints) await write(checkpointLine(cp))
  for (const cp of trees.checkpoints) await write(treeCheckpointLine(cp.log, cp.note))
  let after = 0
  const pageSize = 2000
  while (after < head.seq) {
    const rows = await db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    if (rows.length === 0) break
    for (const row of rows) {
      const event = viewEvent(viewer, row)
      await write(isOpaque(event) ? opaqueLine(event) : eventLine(event))
    }
    after = Number(rows[rows.length - 1]?.seq)
  }
  return {
    headSeq: head.seq,
    headHash: head.hash,
    events: head.seq,
    checkpoints: checkpoints.length,
  }
}
