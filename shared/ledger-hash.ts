/**
 * The one hashing code of the audit ledger. The server, the offline CLI and the browser all run
 * this file, so an auditor never has to trust the server's own verdict.
 *
 * An event's hash covers a hash of its payload rather than the payload itself: a view that must
 * hide a party's private content carries only `payloadHash`, and the chain still verifies.
 */
import { canonicalize } from './canonical-json'

export const GENESIS_HASH = '0'.repeat(64)

/** The fields that the chain hash covers. */
export interface LedgerEventHeader {
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
  prevHash: string
}

export interface LedgerEvent extends LedgerEventHeader {
  hash: string
  /** Absent in a redacted view. */
  payload?: unknown
}

const encoder = new TextEncoder()

/**
 * SHA-256 of a string's UTF-8 bytes, as lowercase hex. Verifiers take one: the default is
 * WebCrypto (the browser, the CLI); the server passes node:crypto's synchronous `createHash`,
 * about 12× faster per call (server/audit/ledger-row.ts, `nodeSha256Hex`).
 */
export type Sha256Hex = (text: string) => string | Promise<string>

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text))
  const bytes = new Uint8Array(digest)
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

export function hashPayload(payload: unknown): Promise<string> {
  return sha256Hex(canonicalize(payload))
}

/**
 * The ledger entry of an event (docs/ledger-spec.md §2): the UTF-8 bytes of the RFC 8785 form of
 * its eleven header fields. The event's chain `hash` is SHA-256 of these bytes, and its Merkle
 * leaf hash is SHA-256(0x00 || these bytes): one encoding for the chain and the tree, so events
 * written before the tree map to leaves without rewriting anything.
 */
export function eventEntryText(header: LedgerEventHeader): string {
  return canonicalize({
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
    prevHash: header.prevHash,
  })
}

export function eventEntry(header: LedgerEventHeader): Uint8Array {
  return encoder.encode(eventEntryText(header))
}

export function hashEvent(header: LedgerEventHeader): Promise<string> {
  return sha256Hex(eventEntryText(header))
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

/**
 * Walks events in order and names the first place the chain breaks. Feed it page by page with
 * `ChainVerifier.push`, or the whole list with `verifyChain`.
 */
export class ChainVerifier {
  private expectedSeq: number
  private prevHash: string
  private count = 0
  private failure: Extract<ChainResult, { ok: false }> | null = null
  private readonly hex: Sha256Hex

  constructor(
    start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
    hex: Sha256Hex = sha256Hex,
  ) {
    this.expectedSeq = start.seq + 1
    this.prevHash = start.hash
    this.hex = hex
  }

  get failed(): boolean {
    return this.failure !== null
  }

  async push(event: LedgerEvent): Promise<boolean> {
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
    if (event.prevHash !== this.prevHash) {
      return fail(
        'prev_hash_mismatch',
        `event ${event.seq} does not link to the hash of event ${event.seq - 1}`,
      )
    }
    if (
      event.payload !== undefined &&
      (await this.hex(canonicalize(event.payload))) !== event.payloadHash
    ) {
      return fail(
        'payload_hash_mismatch',
        `the payload of event ${event.seq} does not match its payload hash`,
      )
    }
    if ((await this.hex(eventEntryText(event))) !== event.hash) {
      return fail('hash_mismatch', `the hash of event ${event.seq} does not match its contents`)
    }
    this.prevHash = event.hash
    this.expectedSeq += 1
    this.count += 1
    return true
  }

  result(): ChainResult {
    if (this.failure) return this.failure
    return { ok: true, count: this.count, headSeq: this.expectedSeq - 1, headHash: this.prevHash }
  }
}

export async function verifyChain(events: Iterable<LedgerEvent>): Promise<ChainResult> {
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
