/**
 * The one hashing code of the audit ledger. The server, the offline CLI and the browser all run
 * this file, so an auditor never has to trust the server's own verdict.
 *
 * Two entry forms live in one chain (docs/ledger-spec.md §2, ADR 0024):
 * - **v1** (events written before migration 0015): the entry is the RFC 8785 header with
 *   `prevHash`; the chain hash is H(entry); the payload commitment is the unsalted H(JCS(payload)).
 * - **v2** (every event since): the entry carries `"v":2` and no `prevHash`; the payload
 *   commitment is H(salt || JCS(payload)) with a fresh 16-byte salt; the chain hash is
 *   H(0x02 || prevHash || leafHash). So a viewer who may not see an event gets only its leaf hash
 *   (an *opaque* entry) and still verifies the chain and the tree through it.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { canonicalize } from './canonical-json'

/** One-shot synchronous SHA-256. Pure JS by default (runs anywhere); the server passes node's. */
export type Sha256 = (data: Uint8Array) => Uint8Array
export const defaultSha256: Sha256 = (data) => nobleSha256(data)

export const GENESIS_HASH = '0'.repeat(64)

/** The entry version of events written since migration 0015 (salted, header-hiding). */
export const ENTRY_V2 = 2
/** Bytes of a v2 payload salt. */
export const SALT_BYTES = 16

/** The fields that the entry covers. */
export interface LedgerEventHeader {
  /** 2 for the salted form; absent for an event written before it (v1). */
  v?: typeof ENTRY_V2
  seq: number
  ts: string
  partnershipId: string | null
  actorId: string | null
  actorParty: string | null
  action: string
  entityType: string
  entityId: string
  /** `joint`, or `party:<CODE>` when only that party may read the payload. */
  visibility: string
  payloadHash: string
  /** In a v1 entry; in v2 it is not in the entry but in the chain hash (H(0x02‖prev‖leaf)). */
  prevHash: string
}

export interface LedgerEvent extends LedgerEventHeader {
  hash: string
  /** Absent when the viewer may not read it. */
  payload?: unknown
  /** v2 only, with the payload and only with it: 32 lowercase hex digits (16 bytes). */
  payloadSalt?: string
}

/**
 * An event the viewer may not see (another party's private step, another partnership's event, a
 * sign-in of someone else): its sequence number, its tree, and its leaf hash; nothing of its
 * actor, action, entity or time. A v1 event's chain hash cannot be derived from its leaf hash,
 * so an opaque v1 entry also carries `hash` (as the server states it: only the chain after it and
 * the checkpoints vouch for it).
 */
export interface OpaqueEvent {
  opaque: true
  v?: typeof ENTRY_V2
  seq: number
  /** The tree the leaf belongs to: a partnership id or `deployment` (§2.3). */
  log: string
  /** H(0x00 || entry), hex. */
  leafHash: string
  /** v1 only. */
  hash?: string
}

export type ChainItem = LedgerEvent | OpaqueEvent

export function isOpaque(item: ChainItem): item is OpaqueEvent {
  return (item as OpaqueEvent).opaque === true
}

const encoder = new TextEncoder()

export function bytesToHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex))
    throw new TypeError('expected lowercase hexadecimal with an even number of digits')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text))
  return bytesToHex(new Uint8Array(digest))
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** A fresh payload salt: 16 random bytes as 32 hex digits. */
export function newSalt(): string {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES)))
}

const SALT_HEX = /^[0-9a-f]{32}$/

/**
 * The payload commitment. With a salt (v2): hex(H(salt || JCS(payload))), the salt's 16 raw bytes
 * then the UTF-8 canonical JSON. Without (v1, old events only): hex(H(JCS(payload))).
 */
export function payloadCommitment(
  payload: unknown,
  salt?: string,
  sha: Sha256 = defaultSha256,
): string {
  return payloadTextCommitment(canonicalize(payload), salt, sha)
}

/** The same over canonical JSON text already at hand. */
export function payloadTextCommitment(
  canonicalText: string,
  salt?: string,
  sha: Sha256 = defaultSha256,
): string {
  const text = encoder.encode(canonicalText)
  if (salt === undefined) return bytesToHex(sha(text))
  if (!SALT_HEX.test(salt)) throw new TypeError('a payload salt is 32 lowercase hex digits')
  return bytesToHex(sha(concat(hexToBytes(salt), text)))
}

/** v1's unsalted payload hash (kept for events written before migration 0015 and their tests). */
export function hashPayload(payload: unknown): Promise<string> {
  return Promise.resolve(payloadCommitment(payload))
}

/**
 * The ledger entry of an event (docs/ledger-spec.md §2.2): the UTF-8 bytes of the RFC 8785 form
 * of its header. v1: the eleven fields with `prevHash`. v2: `v` and the ten fields without
 * `prevHash`.
 */
export function eventEntryText(header: LedgerEventHeader): string {
  const common = {
    seq: header.seq,
    ts: header.ts,
    partnershipId: header.partnershipId,
    actorId: header.actorId,
    actorParty: header.actorParty,
    action: header.action,
    entityType: header.entityType,
    entityId: header.entityId,
    visibility: header.visibility,
    payloadHash: header.payloadHash,
  }
  return header.v === ENTRY_V2
    ? canonicalize({ v: ENTRY_V2, ...common })
    : canonicalize({ ...common, prevHash: header.prevHash })
}

export function eventEntry(header: LedgerEventHeader): Uint8Array {
  return encoder.encode(eventEntryText(header))
}

/** H(0x00 || entry), hex: the event's Merkle leaf hash. */
export function leafHashHex(header: LedgerEventHeader, sha: Sha256 = defaultSha256): string {
  return bytesToHex(sha(concat(new Uint8Array([0x00]), eventEntry(header))))
}

/** A v2 event's chain hash: hex(H(0x02 || prevHash || leafHash)), both as 32 raw bytes. */
export function chainHashV2(
  prevHash: string,
  leafHash: string,
  sha: Sha256 = defaultSha256,
): string {
  return bytesToHex(sha(concat(new Uint8Array([0x02]), hexToBytes(prevHash), hexToBytes(leafHash))))
}

/** The event's chain hash, by its entry version. */
export function chainHashOf(header: LedgerEventHeader, sha: Sha256 = defaultSha256): string {
  return header.v === ENTRY_V2
    ? chainHashV2(header.prevHash, leafHashHex(header, sha), sha)
    : bytesToHex(sha(eventEntry(header)))
}

export function hashEvent(header: LedgerEventHeader): Promise<string> {
  return Promise.resolve(chainHashOf(header))
}

/** The opaque form of an event: what a viewer who may not see it gets (no header, no payload). */
export function opaqueOf(event: LedgerEvent): OpaqueEvent {
  const leafHash = leafHashHex(event)
  return event.v === ENTRY_V2
    ? { opaque: true, v: ENTRY_V2, seq: event.seq, log: logOfEvent(event), leafHash }
    : { opaque: true, seq: event.seq, log: logOfEvent(event), leafHash, hash: event.hash }
}

/**
 * The Merkle tree a ledger event belongs to (docs/ledger-spec.md §2.3): one per partnership, named
 * by its id, and one for the deployment-wide events (accounts, sign-ins, checkpoints).
 */
export const DEPLOYMENT_LOG = 'deployment'

export function logOfEvent(event: { partnershipId: string | null }): string {
  return event.partnershipId ?? DEPLOYMENT_LOG
}

export type BreakReason =
  | 'gap'
  | 'reordered'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'payload_hash_mismatch'

export type ChainResult =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; seq: number; reason: BreakReason; message: string }

const HEX64 = /^[0-9a-f]{64}$/

/**
 * Walks events in order and names the first place the chain breaks. Feed it page by page with
 * `ChainVerifier.push`, or the whole list with `verifyChain`. Opaque entries are walked too: a v2
 * one's chain hash is computed from its leaf hash, a v1 one's is taken as stated.
 */
export class ChainVerifier {
  private expectedSeq: number
  private prevHash: string
  private count = 0
  private failure: Extract<ChainResult, { ok: false }> | null = null
  /** The leaf hash (hex) of the last event pushed, and its log. */
  lastLeaf: { log: string; leafHash: string } | null = null
  /** A v2 entry was seen: no v1 entry may follow (versions never go back, ledger-spec §2.4). */
  v2Seen: boolean

  private readonly sha: Sha256

  constructor(
    start: { seq: number; hash: string; v2Seen?: boolean } = { seq: 0, hash: GENESIS_HASH },
    sha: Sha256 = defaultSha256,
  ) {
    this.expectedSeq = start.seq + 1
    this.prevHash = start.hash
    this.sha = sha
    this.v2Seen = start.v2Seen ?? false
  }

  get failed(): boolean {
    return this.failure !== null
  }

  async push(event: ChainItem): Promise<boolean> {
    return this.pushSync(event)
  }

  pushSync(event: ChainItem): boolean {
    if (this.failure) return false
    const fail = (reason: BreakReason, message: string) => {
      this.failure = { ok: false, count: this.count, seq: event.seq, reason, message }
      return false
    }
    if (event.seq !== this.expectedSeq) {
      return event.seq < this.expectedSeq
        ? fail(
            'reordered',
            `expected sequence ${this.expectedSeq}, found ${event.seq} again or out of order`,
          )
        : fail(
            'gap',
            `expected sequence ${this.expectedSeq}, found ${event.seq}: events are missing`,
          )
    }
    if (event.v === ENTRY_V2) this.v2Seen = true
    else if (this.v2Seen)
      return fail(
        'hash_mismatch',
        `event ${event.seq} is a version 1 entry after version 2 ones: an entry's version never goes back`,
      )
    let hash: string
    let leaf: string
    if (isOpaque(event)) {
      if (!HEX64.test(event.leafHash))
        return fail('hash_mismatch', `the leaf hash of event ${event.seq} is not 64 hex digits`)
      leaf = event.leafHash
      if (event.v === ENTRY_V2) hash = chainHashV2(this.prevHash, event.leafHash, this.sha)
      else if (typeof event.hash === 'string' && HEX64.test(event.hash)) hash = event.hash
      else
        return fail('hash_mismatch', `the opaque v1 event ${event.seq} states no valid chain hash`)
    } else {
      if (event.prevHash !== this.prevHash) {
        return fail(
          'prev_hash_mismatch',
          `event ${event.seq} does not link to the hash of event ${event.seq - 1}`,
        )
      }
      if (event.payload !== undefined && !payloadHolds(event, this.sha)) {
        return fail(
          'payload_hash_mismatch',
          `the payload of event ${event.seq} does not match its payload hash`,
        )
      }
      leaf = leafHashHex(event, this.sha)
      hash =
        event.v === ENTRY_V2
          ? chainHashV2(event.prevHash, leaf, this.sha)
          : chainHashOf(event, this.sha)
      if (hash !== event.hash)
        return fail('hash_mismatch', `the hash of event ${event.seq} does not match its contents`)
    }
    this.lastLeaf = { log: isOpaque(event) ? event.log : logOfEvent(event), leafHash: leaf }
    this.prevHash = hash
    this.expectedSeq += 1
    this.count += 1
    return true
  }

  result(): ChainResult {
    if (this.failure) return this.failure
    return { ok: true, count: this.count, headSeq: this.expectedSeq - 1, headHash: this.prevHash }
  }
}

/** A shown payload matches its commitment: salted for v2 (salt required), unsalted for v1. */
function payloadHolds(event: LedgerEvent, sha: Sha256): boolean {
  try {
    if (event.v === ENTRY_V2) {
      return (
        typeof event.payloadSalt === 'string' &&
        payloadCommitment(event.payload, event.payloadSalt, sha) === event.payloadHash
      )
    }
    return (
      event.payloadSalt === undefined &&
      payloadCommitment(event.payload, undefined, sha) === event.payloadHash
    )
  } catch {
    return false // not canonical JSON at all (a lone surrogate, a non-finite number...)
  }
}

export async function verifyChain(events: Iterable<ChainItem>): Promise<ChainResult> {
  const list = [...events]
  const verifier = new ChainVerifier()
  for (const [index, event] of list.entries()) {
    if (await verifier.push(event)) continue
    const result = verifier.result()
    // Event by event, a missing sequence number looks like a deletion. With the whole list at
    // hand we can tell: if the missing number turns up later, the events were reordered.
    if (!result.ok && result.reason === 'gap') {
      const expected = result.count + 1
      const later = list.slice(index + 1).find((e) => e.seq >= expected && e.seq < event.seq)
      if (later) {
        return {
          ...result,
          reason: 'reordered',
          message: `event ${event.seq} comes before event ${later.seq}: the events are out of order`,
        }
      }
    }
    return result
  }
  return verifier.result()
}
