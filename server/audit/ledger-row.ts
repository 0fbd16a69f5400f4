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
  eventEntry,
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
    payload: canonicalize(payload),
    payload_hash: event.payloadHash,
    prev_hash: event.prevHash,
    hash: event.hash,
    entry_version: event.v === ENTRY_V2 ? ENTRY_V2 : 1,
    payload_salt: event.payloadSalt ?? null,
  }
}

function sha256(...parts: (Uint8Array | string)[]): Buffer {
  return hash('sha256', Buffer.concat(parts.map((p) => Buffer.from(p as string))), 'buffer')
}

/**
 * Commits the payload with a fresh salt and seals a v2 event chained to `prevHash`: the event and
 * the row that stores it. The same bytes as shared/ledger-hash.ts's `payloadCommitment` and
 * `chainHashOf`, with node:crypto's synchronous SHA-256 (the write path hashes on every mutation).
 * `salt` is for test vectors only.
 */
export async function sealEvent(
  header: Omit<LedgerEventHeader, 'payloadHash' | 'v'>,
  payload: unknown,
  salt: Buffer = randomBytes(SALT_BYTES),
): Promise<{ event: LedgerEvent; row: LedgerEventRow }> {
  const hashed: LedgerEventHeader = {
    v: ENTRY_V2,
    ...header,
    payloadHash: sha256(salt, canonicalize(payload)).toString('hex'),
  }
  const leaf = sha256(Buffer.from([0x00]), eventEntry(hashed))
  const chain = sha256(Buffer.from([0x02]), Buffer.from(hashed.prevHash, 'hex'), leaf)
  const event: LedgerEvent = {
    ...hashed,
    hash: chain.toString('hex'),
    payloadSalt: salt.toString('hex'),
  }
  return { event, row: ledgerRowOf(event, payload) }
}
