/**
 * The one mapping between a stored ledger row (snake_case columns, payload as JSON text) and the
 * event the hashing code knows (shared/ledger-hash.ts). The server's append and verify, the bench
 * and the tests all go through it.
 */
import { hash, randomBytes } from 'node:crypto'
import type { LedgerEventRow } from '../../db/schema'
import { canonicalize } from '../../shared/canonical-json'
import {
  ENTRY_V2,
  eventEntryText,
  type LedgerEvent,
  type LedgerEventHeader,
  SALT_BYTES,
  type Sha256,
} from '../../shared/ledger-hash'

/**
 * SHA-256 through node:crypto, synchronous: the server's and the CLI's hasher for verifying.
 * node:crypto's one-shot `hash` returns a Buffer at about twice the cost of a string, so the
 * digest comes as a 'binary' (latin1) string, one character per byte, copied into bytes, and `hex` asks for
 * hex directly (what the verifier compares).
 */
export const nodeSha256: Sha256 = Object.assign(
  (data: Uint8Array): Uint8Array => {
    const digest = hash('sha256', data, 'binary')
    const bytes = new Uint8Array(digest.length)
    for (let i = 0; i < digest.length; i++) bytes[i] = digest.charCodeAt(i)
    return bytes
  },
  { hex: (data: Uint8Array): string => hash('sha256', data, 'hex') },
)

/** The hashed fields of a stored event, without its payload (and so without its salt). */
export function eventHeaderOf(row: LedgerEventRow): LedgerEvent {
  // Any stored version other than 1 is read as 2: a forged version then fails the hashes.
  // (Two literals rather than a spread: the verifier maps every row it reads through here.)
  if (Number(row.entry_version) === 1)
    return {
      seq: Number(row.seq),
      ts: row.ts,
      partnershipId: row.partnership_id,
      actorId: row.actor_id,
      actorParty: row.actor_party,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      visibility: row.visibility,
      payloadHash: row.payload_hash,
      prevHash: row.prev_hash,
      hash: row.hash,
    }
  return {
    v: ENTRY_V2,
    seq: Number(row.seq),
    ts: row.ts,
    partnershipId: row.partnership_id,
    actorId: row.actor_id,
    actorParty: row.actor_party,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    visibility: row.visibility,
    payloadHash: row.payload_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** The row that stores this event, with its payload as canonical JSON text. */
export function ledgerRowOf(event: LedgerEvent, payload: unknown): LedgerEventRow {
  return rowWithPayloadText(event, canonicalize(payload))
}

function rowWithPayloadText(event: LedgerEvent, payloadText: string): LedgerEventRow {
  return {
    seq: event.seq,
    ts: event.ts,
    partnership_id: event.partnershipId,
    actor_id: event.actorId,
    actor_party: event.actorParty,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    visibility: event.visibility,
    payload: payloadText,
    payload_hash: event.payloadHash,
    prev_hash: event.prevHash,
    hash: event.hash,
    entry_version: event.v === ENTRY_V2 ? ENTRY_V2 : 1,
    payload_salt: event.payloadSalt ?? null,
  }
}

/** A lone UTF-16 surrogate: RFC 8785 refuses it (shared/canonical-json.ts). */
const LONE_SURROGATE = /\p{Cs}/u

const json = (value: string | null) => (value === null ? 'null' : JSON.stringify(value))

/**
 * The v2 entry text (shared/ledger-hash.ts `eventEntryText`): the same bytes, written directly in
 * RFC 8785's key order instead of through the general canonicalizer (a fifth of its time; every
 * mutation seals one). Anything RFC 8785 would refuse or write otherwise (a lone surrogate, a
 * number that is not a finite integer) goes through `eventEntryText`, which refuses it as before.
 * test/unit/ledger-entry-fast.test.ts holds it to `eventEntryText`.
 */
export function v2EntryText(header: LedgerEventHeader): string {
  const strings = [
    header.ts,
    header.partnershipId,
    header.actorId,
    header.actorParty,
    header.action,
    header.entityType,
    header.entityId,
    header.visibility,
    header.payloadHash,
  ]
  if (
    header.v !== ENTRY_V2 ||
    !Number.isSafeInteger(header.seq) ||
    strings.some((s) => s !== null && (typeof s !== 'string' || LONE_SURROGATE.test(s)))
  )
    return eventEntryText(header)
  return `{"action":${json(header.action)},"actorId":${json(header.actorId)},"actorParty":${json(header.actorParty)},"entityId":${json(header.entityId)},"entityType":${json(header.entityType)},"partnershipId":${json(header.partnershipId)},"payloadHash":${json(header.payloadHash)},"seq":${header.seq},"ts":${json(header.ts)},"v":${ENTRY_V2},"visibility":${json(header.visibility)}}`
}

/**
 * Fresh salts, 16 bytes each, cut from a block of random bytes drawn at once (one draw per 256
 * events rather than one per event). Each salt is bytes no other salt shares; a block is
 * replaced, never refilled, so a salt already handed out never changes.
 */
const SALT_BLOCK = 256 * SALT_BYTES
let saltBlock = Buffer.alloc(0)
let saltAt = 0
function freshSalt(): Buffer {
  if (saltAt + SALT_BYTES > saltBlock.length) {
    saltBlock = randomBytes(SALT_BLOCK)
    saltAt = 0
  }
  saltAt += SALT_BYTES
  return saltBlock.subarray(saltAt - SALT_BYTES, saltAt)
}

/** A sealed event: the event, the row that stores it, and its Merkle leaf hash H(0x00 || entry). */
export interface SealedEvent {
  event: LedgerEvent
  row: LedgerEventRow
  leafHash: Buffer
}

const LEAF_PREFIX = Buffer.from([0x00])
const CHAIN_PREFIX = Buffer.from([0x02])

/**
 * Commits the payload (its canonical JSON text) with `salt` and seals a v2 event chained to
 * `prevHash`. The same bytes as shared/ledger-hash.ts's `payloadTextCommitment` and
 * `chainHashOf`, with node:crypto's synchronous SHA-256 (the write path hashes on every
 * mutation). The leaf hash is the one the event's Merkle tree stores (ledger-spec §4).
 */
export function sealCanonical(
  header: Omit<LedgerEventHeader, 'payloadHash' | 'v'>,
  payloadText: string,
  salt: Buffer = freshSalt(),
): SealedEvent {
  const hashed: LedgerEventHeader = {
    v: ENTRY_V2,
    ...header,
    payloadHash: hash('sha256', Buffer.concat([salt, Buffer.from(payloadText)]), 'hex'),
  }
  const leafHash = hash(
    'sha256',
    Buffer.concat([LEAF_PREFIX, Buffer.from(v2EntryText(hashed))]),
    'buffer',
  )
  const chain = hash(
    'sha256',
    Buffer.concat([CHAIN_PREFIX, Buffer.from(hashed.prevHash, 'hex'), leafHash]),
    'hex',
  )
  const event: LedgerEvent = { ...hashed, hash: chain, payloadSalt: salt.toString('hex') }
  return { event, row: rowWithPayloadText(event, payloadText), leafHash }
}

/**
 * `sealCanonical` of a payload value (canonicalized here). `salt` is for test vectors only.
 */
export async function sealEvent(
  header: Omit<LedgerEventHeader, 'payloadHash' | 'v'>,
  payload: unknown,
  salt?: Buffer,
): Promise<{ event: LedgerEvent; row: LedgerEventRow }> {
  const { event, row } = sealCanonical(header, canonicalize(payload), salt)
  return { event, row }
}
