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

/**
 * One-shot synchronous SHA-256. Pure JS by default (runs anywhere); the server passes node's.
 * It must not keep a reference to its input: callers hash views of buffers they reuse. It may
 * carry `hex`, the same digest as lowercase hex, when it can give that for less than the bytes
 * and their hex (node:crypto can: its hex output costs a fraction of a Buffer's).
 */
export type Sha256 = ((data: Uint8Array) => Uint8Array) & {
  hex?: (data: Uint8Array) => string
}
export const defaultSha256: Sha256 = (data) => nobleSha256(data)

/** The digest of `data` as lowercase hex, through `sha.hex` when it has one. */
export function digestHex(sha: Sha256, data: Uint8Array): string {
  return sha.hex ? sha.hex(data) : bytesToHex(sha(data))
}

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

/** The two hex digits of each byte value. */
const HEX_PAIRS: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => (b < 16 ? '0' : '') + b.toString(16),
)
/** The value of each lowercase hex digit by its char code; -1 for any other code below 128. */
const NIBBLES = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) NIBBLES['0123456789abcdef'.charCodeAt(i)] = i

export function bytesToHex(bytes: Uint8Array): string {
  let hex = ''
  for (let i = 0; i < bytes.length; i++) hex += HEX_PAIRS[bytes[i] as number]
  return hex
}

const NOT_HEX = 'expected lowercase hexadecimal with an even number of digits'

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1)
  if (!hexInto(hex, out, 0)) throw new TypeError(NOT_HEX)
  return out
}

/**
 * Writes the bytes of `hex` into `out` from `at`. False (with `out` partly written) when `hex` is
 * not lowercase hexadecimal of an even length.
 */
export function hexInto(hex: string, out: Uint8Array, at: number): boolean {
  if (hex.length % 2 !== 0) return false
  for (let i = 0, j = at; i < hex.length; i += 2, j++) {
    const a = hex.charCodeAt(i)
    const b = hex.charCodeAt(i + 1)
    const hi = a < 128 ? (NIBBLES[a] as number) : -1
    const lo = b < 128 ? (NIBBLES[b] as number) : -1
    if (hi < 0 || lo < 0) return false
    out[j] = (hi << 4) | lo
  }
  return true
}

/**
 * One buffer for the bytes being hashed (a prefix, a salt, UTF-8 text): hashing an entry or a
 * payload allocates nothing. Safe because hashing is synchronous and `Sha256` keeps no reference
 * to its input; every use fills it and hashes it before anything else runs.
 */
let scratch = new Uint8Array(4096)

/** The scratch buffer, grown (its bytes kept) to hold at least `size` bytes. */
function scratchOf(size: number): Uint8Array {
  if (scratch.length < size) {
    const grown = new Uint8Array(Math.max(size, 2 * scratch.length))
    grown.set(scratch)
    scratch = grown
  }
  return scratch
}

/** `head` bytes already in the scratch buffer, then the UTF-8 of `text`: the filled view. */
function withText(head: number, text: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const buf = scratchOf(head + 3 * text.length)
  const { written } = encoder.encodeInto(text, head === 0 ? buf : buf.subarray(head))
  return buf.subarray(0, head + written)
}

function hashTextHex(prefix: number, text: string, sha: Sha256): string {
  if (prefix < 0) return digestHex(sha, withText(0, text))
  scratchOf(1)[0] = prefix
  return digestHex(sha, withText(1, text))
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
  if (salt === undefined) return hashTextHex(-1, canonicalText, sha)
  if (salt.length !== 2 * SALT_BYTES || !hexInto(salt, scratchOf(SALT_BYTES), 0))
    throw new TypeError('a payload salt is 32 lowercase hex digits')
  return digestHex(sha, withText(SALT_BYTES, canonicalText))
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
  return plainEntryText(header) ?? canonicalEntryText(header)
}

const isText = (v: unknown): v is string => typeof v === 'string'
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string'

/**
 * A JSON string's content that needs no escape: no `"`, `\`, control, or lone surrogate. Written
 * as runs of plain characters between surrogate pairs (one alternation per pair, not per
 * character: the regular expression engine then keeps no backtracking point per character).
 */
const PLAIN_RUN = String.raw`[^"\\\u0000-\u001f\ud800-\udfff]*`
const PLAIN = String.raw`${PLAIN_RUN}(?:[\ud800-\udbff][\udc00-\udfff]${PLAIN_RUN})*`
const PLAIN_OR_NULL = `(?:"${PLAIN}"|null)`
const entryPattern = (v2: boolean) =>
  new RegExp(
    `^\\{"action":"${PLAIN}","actorId":${PLAIN_OR_NULL},"actorParty":${PLAIN_OR_NULL},"entityId":"${PLAIN}","entityType":"${PLAIN}","partnershipId":${PLAIN_OR_NULL},"payloadHash":"${PLAIN}",${v2 ? '' : `"prevHash":"${PLAIN}",`}"seq":-?\\d+,"ts":"${PLAIN}",${v2 ? '"v":2,' : ''}"visibility":"${PLAIN}"\\}$`,
  )
const PLAIN_V2_ENTRY = entryPattern(true)
const PLAIN_V1_ENTRY = entryPattern(false)

/**
 * The entry text written out directly, keys already in RFC 8785 order and each string between
 * quotes as it is: RFC 8785's text exactly when no string needs an escape (JSON.stringify leaves
 * such a string as it is) and `seq` is a safe integer, which one match against the entry's shape
 * confirms. Null otherwise (a quote, a backslash, a control character, a lone surrogate, a field
 * of another type): the general encoder then escapes, or refuses, as it always did. Building an
 * object per event and encoding it cost more than the hashing.
 */
function plainEntryText(h: LedgerEventHeader): string | null {
  const v2 = h.v === ENTRY_V2
  if (
    !Number.isSafeInteger(h.seq) ||
    !isText(h.ts) ||
    !isTextOrNull(h.partnershipId) ||
    !isTextOrNull(h.actorId) ||
    !isTextOrNull(h.actorParty) ||
    !isText(h.action) ||
    !isText(h.entityType) ||
    !isText(h.entityId) ||
    !isText(h.visibility) ||
    !isText(h.payloadHash) ||
    (!v2 && !isText(h.prevHash))
  )
    return null
  const text = `{"action":"${h.action}","actorId":${quoted(h.actorId)},"actorParty":${quoted(h.actorParty)},"entityId":"${h.entityId}","entityType":"${h.entityType}","partnershipId":${quoted(h.partnershipId)},"payloadHash":"${h.payloadHash}",${v2 ? '' : `"prevHash":"${h.prevHash}",`}"seq":${h.seq},"ts":"${h.ts}",${v2 ? '"v":2,' : ''}"visibility":"${h.visibility}"}`
  return (v2 ? PLAIN_V2_ENTRY : PLAIN_V1_ENTRY).test(text) ? text : null
}

function quoted(value: string | null): string {
  return value === null ? 'null' : `"${value}"`
}

/**
 * 0x00 ‖ the entry's UTF-8 bytes, in the scratch buffer: the leaf hash's input; without its first
 * byte, a v1 entry's chain hash input.
 */
function entryBytes(h: LedgerEventHeader): Uint8Array {
  scratchOf(1)[0] = 0x00
  return withText(1, eventEntryText(h))
}

function canonicalEntryText(header: LedgerEventHeader): string {
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
  return digestHex(sha, entryBytes(header))
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
    : hashTextHex(-1, eventEntryText(header), sha)
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
  /**
   * 0x02 ‖ previous chain hash ‖ leaf hash: a v2 chain hash's input. Bytes 1–32 hold `prevHash`
   * when `linked`, so the next v2 event hashes without decoding it again.
   */
  private readonly link = new Uint8Array(65)
  private linked = false
  private leafLog: string | null = null
  /** The last leaf hash, as bytes and as hex: whichever was not computed is derived on demand. */
  private leafBytes: Uint8Array | null = null
  private leafHex: string | null = null
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
    this.link[0] = 0x02
  }

  get failed(): boolean {
    return this.failure !== null
  }

  /** The leaf hash (hex) of the last event pushed, and its log. */
  get lastLeaf(): { log: string; leafHash: string } | null {
    return this.leafLog === null ? null : { log: this.leafLog, leafHash: this.lastLeafHash }
  }

  /** The log of the last event pushed (null before any). */
  get lastLeafLog(): string | null {
    return this.leafLog
  }

  /** The leaf hash of the last event pushed, hex ('' before any). */
  get lastLeafHash(): string {
    if (this.leafHex === null) this.leafHex = this.leafBytes ? bytesToHex(this.leafBytes) : ''
    return this.leafHex
  }

  /** The leaf hash of the last event pushed, 32 bytes of its own (null before any). */
  get lastLeafBytes(): Uint8Array | null {
    if (this.leafBytes === null && this.leafHex !== null) this.leafBytes = hexToBytes(this.leafHex)
    return this.leafBytes
  }

  /** The chain hash of the last event pushed (the start's before any). */
  get headHash(): string {
    return this.prevHash
  }

  async push(event: ChainItem): Promise<boolean> {
    return this.pushSync(event)
  }

  /**
   * `canonicalPayload`, for an event shown with its payload: the RFC 8785 text of
   * `event.payload` when the caller already has it (a reader that checked the text it parsed),
   * so that it is not encoded again. It must be exactly `canonicalize(event.payload)`.
   */
  pushSync(event: ChainItem, canonicalPayload?: string): boolean {
    if (this.failure) return false
    if (event.seq !== this.expectedSeq) {
      return event.seq < this.expectedSeq
        ? this.fail(
            event.seq,
            'reordered',
            `expected sequence ${this.expectedSeq}, found ${event.seq} again or out of order`,
          )
        : this.fail(
            event.seq,
            'gap',
            `expected sequence ${this.expectedSeq}, found ${event.seq}: events are missing`,
          )
    }
    if (event.v === ENTRY_V2) this.v2Seen = true
    else if (this.v2Seen)
      return this.fail(
        event.seq,
        'hash_mismatch',
        `event ${event.seq} is a version 1 entry after version 2 ones: an entry's version never goes back`,
      )
    let hash: string
    let log: string
    if (isOpaque(event)) {
      if (!HEX64.test(event.leafHash))
        return this.fail(
          event.seq,
          'hash_mismatch',
          `the leaf hash of event ${event.seq} is not 64 hex digits`,
        )
      const leaf = hexToBytes(event.leafHash)
      if (event.v === ENTRY_V2) hash = this.chainHashV2(leaf)
      else if (typeof event.hash === 'string' && HEX64.test(event.hash)) {
        hash = event.hash
        this.linked = false
      } else
        return this.fail(
          event.seq,
          'hash_mismatch',
          `the opaque v1 event ${event.seq} states no valid chain hash`,
        )
      this.leafBytes = leaf
      this.leafHex = event.leafHash
      log = event.log
    } else {
      if (event.prevHash !== this.prevHash) {
        return this.fail(
          event.seq,
          'prev_hash_mismatch',
          `event ${event.seq} does not link to the hash of event ${event.seq - 1}`,
        )
      }
      if (event.payload !== undefined && !payloadHolds(event, this.sha, canonicalPayload)) {
        return this.fail(
          event.seq,
          'payload_hash_mismatch',
          `the payload of event ${event.seq} does not match its payload hash`,
        )
      }
      const entry = entryBytes(event)
      let leafHex: string | null = null
      let leaf: Uint8Array
      if (this.sha.hex) {
        // node:crypto's hex is cheaper than its bytes: decoding 32 bytes from it costs less.
        leafHex = this.sha.hex(entry)
        leaf = hexToBytes(leafHex)
      } else leaf = this.sha(entry)
      if (event.v === ENTRY_V2) hash = this.chainHashV2(leaf)
      else {
        // A v1 entry's chain hash is H(entry): the same bytes, without the leaf's 0x00.
        hash = digestHex(this.sha, entry.subarray(1))
        this.linked = false
      }
      if (hash !== event.hash)
        return this.fail(
          event.seq,
          'hash_mismatch',
          `the hash of event ${event.seq} does not match its contents`,
        )
      this.leafBytes = leaf
      this.leafHex = leafHex
      log = logOfEvent(event)
    }
    this.leafLog = log
    this.prevHash = hash
    this.expectedSeq += 1
    this.count += 1
    return true
  }

  /** hex(H(0x02 ‖ prevHash ‖ leaf)); keeps its bytes in `link` as the next event's prevHash. */
  private chainHashV2(leaf: Uint8Array): string {
    const link = this.link
    if (!this.linked && !hexInto(this.prevHash, link, 1)) throw new TypeError(NOT_HEX)
    link.set(leaf, 33)
    let hash: string
    if (this.sha.hex) {
      hash = this.sha.hex(link)
      hexInto(hash, link, 1)
    } else {
      const bytes = this.sha(link)
      link.set(bytes, 1)
      hash = bytesToHex(bytes)
    }
    // A digest of another length than 32 bytes leaves `link` unusable: decode again next time.
    this.linked = hash.length === 64
    return hash
  }

  private fail(seq: number, reason: BreakReason, message: string): false {
    this.failure = { ok: false, count: this.count, seq, reason, message }
    return false
  }

  result(): ChainResult {
    if (this.failure) return this.failure
    return { ok: true, count: this.count, headSeq: this.expectedSeq - 1, headHash: this.prevHash }
  }
}

/**
 * A shown payload matches its commitment: salted for v2 (salt required), unsalted for v1.
 * `canonical`: its RFC 8785 text when the caller has it already.
 */
function payloadHolds(event: LedgerEvent, sha: Sha256, canonical?: string): boolean {
  try {
    if (event.v === ENTRY_V2) {
      return (
        typeof event.payloadSalt === 'string' &&
        payloadTextCommitment(canonical ?? canonicalize(event.payload), event.payloadSalt, sha) ===
          event.payloadHash
      )
    }
    return (
      event.payloadSalt === undefined &&
      payloadTextCommitment(canonical ?? canonicalize(event.payload), undefined, sha) ===
        event.payloadHash
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
