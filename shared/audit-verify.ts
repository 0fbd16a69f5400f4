/**
 * Verification of the whole audit record: the hash chain (shared/ledger-hash.ts) plus the signed
 * checkpoints. The server (`audit.verify`), the offline CLI (`audit verify --bundle`) and the
 * browser all run this file, fed events page by page, so none of them trusts the others' verdict.
 *
 * Only WebCrypto is used (SHA-256 and Ed25519), so it runs unchanged in a browser.
 */
import { canonicalize, isCanonicalJson } from './canonical-json'
import {
  type BreakReason,
  type ChainItem,
  ChainVerifier,
  defaultSha256,
  GENESIS_HASH,
  isOpaque,
  type LedgerEvent,
  payloadTextCommitment,
  type Sha256,
  sha256Hex,
} from './ledger-hash'
import { TreeBuilder, toHex, treeHasher } from './merkle'

/** What a checkpoint signs: the ledger had `seq` events and its head hash was `headHash`. */
export interface CheckpointBody {
  /** 1, 2, 3, ...: checkpoints form a chain of their own through `prevCheckpointHash`. */
  number: number
  seq: number
  headHash: string
  ts: string
  prevCheckpointHash: string
  /** Which key signed it: SHA-256 of the public key's SPKI encoding, hex. */
  keyId: string
}

export interface Checkpoint extends CheckpointBody {
  /** SHA-256 over the RFC 8785 form of the body. */
  hash: string
  /** Ed25519 over the same RFC 8785 bytes, base64. */
  signature: string
}

/** The deployment's public key as served by `audit.checkpoints` and carried in bundles. */
export interface LedgerPublicKey {
  algorithm: 'Ed25519'
  keyId: string
  /** SubjectPublicKeyInfo, DER, base64. */
  spki: string
  pem: string
}

export type AuditBreakReason =
  | BreakReason
  | 'bad_signature'
  | 'checkpoint_not_on_chain'
  | 'checkpoint_chain_broken'
  | 'key_rotation_unrecorded'
  /** A bundle's header says something its content does not (head, counts, key id). */
  | 'header_mismatch'
  /** The chain records a checkpoint (`checkpoint.made`) that the checkpoints no longer hold. */
  | 'checkpoint_missing'
  /** A stored Merkle tree (leaf, node, root or signed root) disagrees with the entries. */
  | 'tree_mismatch'

export type AuditReport =
  | {
      ok: true
      headSeq: number
      headHash: string
      events: number
      checkpoints: number
      keyId: string | null
    }
  | {
      ok: false
      /** The first sequence number at which the record no longer holds. */
      seq: number
      reason: AuditBreakReason
      message: string
      /** Events before `seq` were checked and hold. */
      events: number
      checkpoints: number
      keyId: string | null
    }

const encoder = new TextEncoder()

export function checkpointBody(cp: CheckpointBody): CheckpointBody {
  return {
    number: cp.number,
    seq: cp.seq,
    headHash: cp.headHash,
    ts: cp.ts,
    prevCheckpointHash: cp.prevCheckpointHash,
    keyId: cp.keyId,
  }
}

/** The bytes a checkpoint's signature covers. */
export function checkpointSigningBytes(cp: CheckpointBody): Uint8Array {
  return encoder.encode(canonicalize(checkpointBody(cp)))
}

export function hashCheckpoint(cp: CheckpointBody): Promise<string> {
  return sha256Hex(canonicalize(checkpointBody(cp)))
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Accepts a PEM public key or bare base64 SPKI. */
export function spkiFromPem(pem: string): Uint8Array {
  const base64 = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '')
  return base64ToBytes(base64)
}

export async function keyIdOf(spki: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', spki as BufferSource)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function importPublicKey(spki: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'spki',
    spki as BufferSource,
    { name: 'Ed25519' },
    false,
    ['verify'],
  )
}

/** Checks one checkpoint's hash and signature; null when it holds, else why not. */
export async function checkCheckpoint(
  cp: Checkpoint,
  key: { keyId: string; cryptoKey: CryptoKey },
): Promise<string | null> {
  if ((await hashCheckpoint(cp)) !== cp.hash)
    return `checkpoint #${cp.number} (sequence ${cp.seq}): its hash does not match its contents`
  if (cp.keyId !== key.keyId)
    return `checkpoint #${cp.number} (sequence ${cp.seq}) is signed by key ${short(cp.keyId)}, not by the ledger's key ${short(key.keyId)}`
  let valid = false
  try {
    valid = await globalThis.crypto.subtle.verify(
      { name: 'Ed25519' },
      key.cryptoKey,
      base64ToBytes(cp.signature) as BufferSource,
      checkpointSigningBytes(cp) as BufferSource,
    )
  } catch {
    valid = false
  }
  return valid ? null : `checkpoint #${cp.number} (sequence ${cp.seq}): the signature is not valid`
}

function short(hash: string): string {
  return hash.slice(0, 16)
}

interface Failure {
  seq: number
  reason: AuditBreakReason
  message: string
}

interface Expected {
  checkpoint: Checkpoint
  /** "checkpoint #3" or "the saved checkpoint #3" */
  label: string
}

export interface AuditVerifierOptions {
  /** The ledger's checkpoints, in number order. */
  checkpoints: Checkpoint[]
  /** Checkpoints a party saved earlier: today's chain must still have their head at their seq. */
  saved?: Checkpoint[]
  /** The key checkpoints must be signed with. Without one, any checkpoint is a failure. */
  publicKey: { spki: string } | null
  /**
   * Keys the ledger used before a rotation (`checkpoint.key_rotated` events): a checkpoint that
   * names one of them is checked against it. The current key stays `publicKey`.
   */
  formerKeys?: { spki: string; untilSeq: number }[]
  /**
   * Verify from an event already verified (incremental verification): its seq and hash, and
   * whether a v2 entry was seen up to it.
   */
  start?: { seq: number; hash: string; v2Seen?: boolean }
  /** With `start`: the trees as they were at that event (from an earlier verification). */
  startTrees?: Map<string, TreeBuilder>
  /** SHA-256 to hash with (the server passes node's; the default runs anywhere). */
  sha256?: Sha256
  /**
   * Signed tree roots to reproduce (ledger-spec §7): when a tree reaches `size` leaves, its root
   * recomputed from the entries must be `rootHash` (hex), else `tree_mismatch`.
   */
  treeRoots?: { log: string; size: number; rootHash: string }[]
}

/** A tree's size and root as recomputed from the entries (hex root). */
export interface TreeHead {
  log: string
  size: number
  rootHash: string
}

/**
 * Feed events in sequence order with `push` (page by page is fine), then read `result()`.
 * Checkpoint signatures are checked in `create`, before any event.
 */
export class AuditVerifier {
  private readonly chain: ChainVerifier
  private readonly startSeq: number
  private readonly failures: Failure[] = []
  /** The smallest sequence number of `failures` (Infinity while there is none). */
  private firstFailureSeq = Number.POSITIVE_INFINITY
  private readonly expected = new Map<number, Expected[]>()
  private readonly checkpointCount: number
  private keyId: string | null = null
  private stopped = false
  private readonly sha: Sha256
  private readonly trees: Map<string, TreeBuilder>
  private readonly hasher
  /** Sequence numbers at which a checkpoint of the list was made. */
  private readonly checkpointSeqs: Set<number>
  private readonly treeRoots = new Map<string, Map<number, string>>()

  private constructor(options: AuditVerifierOptions) {
    this.checkpointCount = options.checkpoints.length
    this.sha = options.sha256 ?? defaultSha256
    this.hasher = treeHasher(this.sha)
    this.chain = new ChainVerifier(options.start, this.sha)
    this.startSeq = options.start?.seq ?? 0
    this.trees = new Map(
      [...(options.startTrees ?? new Map<string, TreeBuilder>())].map(([log, t]) => [
        log,
        t.clone(),
      ]),
    )
    this.checkpointSeqs = new Set(options.checkpoints.map((cp) => cp.seq))
    for (const r of options.treeRoots ?? []) {
      const sizes = this.treeRoots.get(r.log) ?? new Map<number, string>()
      sizes.set(r.size, r.rootHash)
      this.treeRoots.set(r.log, sizes)
    }
  }

  static async create(options: AuditVerifierOptions): Promise<AuditVerifier> {
    const verifier = new AuditVerifier(options)
    await verifier.checkCheckpoints(options)
    return verifier
  }

  /** The last event verified: its sequence number and chain hash (null before any). */
  head(): { seq: number; hash: string; v2Seen: boolean } | null {
    const r = this.chain.result()
    return r.ok && r.count > 0
      ? { seq: r.headSeq, hash: r.headHash, v2Seen: this.chain.v2Seen }
      : null
  }

  /** The leaf of the last event pushed: its tree, index and hash (hex). */
  lastLeaf(): { log: string; index: number; leafHash: string } | null {
    const log = this.chain.lastLeafLog
    const tree = log === null ? undefined : this.trees.get(log)
    return log !== null && tree
      ? { log, index: tree.size - 1, leafHash: this.chain.lastLeafHash }
      : null
  }

  /** Each tree's size and root as recomputed from the entries pushed so far. */
  treeHeads(): TreeHead[] {
    return [...this.trees].map(([log, t]) => ({ log, size: t.size, rootHash: toHex(t.root()) }))
  }

  /** The tree builders as they stand (cloned): to start a later incremental verification. */
  treeState(): Map<string, TreeBuilder> {
    return new Map([...this.trees].map(([log, t]) => [log, t.clone()]))
  }

  /** For a caller that checks more (the server's stored tree): records a break at `seq`. */
  recordFailure(seq: number, reason: AuditBreakReason, message: string): void {
    this.fail(seq, reason, message)
    this.stopped = true
  }

  private fail(seq: number, reason: AuditBreakReason, message: string) {
    this.failures.push({ seq, reason, message })
    if (seq < this.firstFailureSeq) this.firstFailureSeq = seq
  }

  private firstFailure(): Failure | null {
    let first: Failure | null = null
    for (const f of this.failures) if (!first || f.seq < first.seq) first = f
    return first
  }

  private async checkCheckpoints(options: AuditVerifierOptions): Promise<void> {
    let key: { keyId: string; cryptoKey: CryptoKey } | null = null
    if (options.publicKey) {
      const spki = base64ToBytes(options.publicKey.spki)
      this.keyId = await keyIdOf(spki)
      try {
        key = { keyId: this.keyId, cryptoKey: await importPublicKey(spki) }
      } catch {
        key = null
      }
    }
    const former = new Map<string, { keyId: string; cryptoKey: CryptoKey; untilSeq: number }>()
    for (const k of options.formerKeys ?? []) {
      try {
        const spki = base64ToBytes(k.spki)
        const keyId = await keyIdOf(spki)
        former.set(keyId, { keyId, cryptoKey: await importPublicKey(spki), untilSeq: k.untilSeq })
      } catch {
        // an unusable former key: checkpoints that name it fail below
      }
    }
    const all = [
      ...options.checkpoints.map((checkpoint) => ({
        checkpoint,
        label: `checkpoint #${checkpoint.number}`,
      })),
      ...(options.saved ?? []).map((checkpoint) => ({
        checkpoint,
        label: `the saved checkpoint #${checkpoint.number}`,
      })),
    ]
    for (const entry of all) {
      const cp = entry.checkpoint
      // A retired key vouches only for checkpoints up to its retirement, never for later ones.
      const retired = former.get(cp.keyId)
      const signer = retired && cp.seq <= retired.untilSeq ? retired : key
      const problem = signer
        ? await checkCheckpoint(cp, signer)
        : `${entry.label} cannot be checked: no usable public key`
      if (problem) this.fail(cp.seq, 'bad_signature', problem)
      const list = this.expected.get(cp.seq) ?? []
      list.push(entry)
      this.expected.set(cp.seq, list)
    }
    // The checkpoints chain among themselves: none can be dropped or slipped in unnoticed.
    let prev: Checkpoint | null = null
    for (const cp of options.checkpoints) {
      const wantNumber = (prev?.number ?? 0) + 1
      const wantPrev = prev?.hash ?? GENESIS_HASH
      if (cp.number !== wantNumber || cp.prevCheckpointHash !== wantPrev) {
        this.fail(
          cp.seq,
          'checkpoint_chain_broken',
          `checkpoint #${cp.number} does not follow checkpoint #${wantNumber - 1}: a checkpoint is missing, forged or out of order`,
        )
      } else if (prev && cp.seq < prev.seq) {
        this.fail(
          cp.seq,
          'checkpoint_chain_broken',
          `checkpoint #${cp.number} covers fewer events (${cp.seq}) than checkpoint #${prev.number} (${prev.seq})`,
        )
      }
      prev = cp
    }
  }

  /** False once verifying further cannot change the verdict. */
  get done(): boolean {
    return this.stopped
  }

  async push(event: ChainItem): Promise<boolean> {
    return this.pushSync(event)
  }

  /**
   * `push` without a promise per event, for a caller that has its events at hand (the server's
   * pages, a bundle's lines). `canonicalPayload`: see `ChainVerifier.pushSync`.
   */
  pushSync(event: ChainItem, canonicalPayload?: string): boolean {
    if (this.stopped) return false
    if (event.seq >= this.firstFailureSeq) {
      this.stopped = true
      return false
    }
    if (!this.chain.pushSync(event, canonicalPayload)) {
      const result = this.chain.result()
      if (!result.ok) {
        // A missing event is named by its own number, not by the one found in its place.
        const seq = result.reason === 'gap' ? this.startSeq + result.count + 1 : result.seq
        this.fail(seq, result.reason, result.message)
      }
      this.stopped = true
      return false
    }
    const expected = this.expected.get(event.seq)
    if (expected) {
      const hash = this.chain.headHash
      for (const { checkpoint, label } of expected) {
        if (checkpoint.headHash !== hash) {
          this.fail(
            event.seq,
            'checkpoint_not_on_chain',
            `${label} says the head at sequence ${event.seq} was ${short(checkpoint.headHash)}…, but the chain has ${short(hash)}… there: history was rewritten at or before ${event.seq}`,
          )
        }
      }
    }
    // A checkpoint the chain records must still be there: deleting the newest one is noticed.
    if (
      !isOpaque(event) &&
      event.action === 'checkpoint.made' &&
      event.partnershipId === null &&
      !this.checkpointSeqs.has(event.seq)
    ) {
      this.fail(
        event.seq,
        'checkpoint_missing',
        `event ${event.seq} records checkpoint #${event.entityId}, but no checkpoint made at ${event.seq} is held: it was deleted`,
      )
    }
    this.appendLeaf(event.seq)
    if (this.firstFailureSeq === event.seq) {
      this.stopped = true
      return false
    }
    return true
  }

  private appendLeaf(seq: number): void {
    const log = this.chain.lastLeafLog
    const leaf = this.chain.lastLeafBytes
    if (log === null || !leaf) return
    let tree = this.trees.get(log)
    if (!tree) {
      tree = new TreeBuilder(this.hasher)
      this.trees.set(log, tree)
    }
    tree.append(leaf)
    const want = this.treeRoots.size === 0 ? undefined : this.treeRoots.get(log)?.get(tree.size)
    if (want !== undefined && toHex(tree.root()) !== want) {
      this.fail(
        seq,
        'tree_mismatch',
        `the signed root of the tree ${log} at size ${tree.size} is not the root of its entries`,
      )
    }
  }

  /**
   * For a holder of the stored payload text (the server): hashes the exact bytes stored, which is
   * both stricter and faster than re-encoding a parsed value.
   */
  async pushWithPayloadText(
    event: LedgerEvent,
    payloadText: string,
    salt: string | null = null,
  ): Promise<boolean> {
    return this.pushWithPayloadTextSync(event, payloadText, salt)
  }

  /** `pushWithPayloadText` without a promise per event (the server's pages). */
  pushWithPayloadTextSync(
    event: LedgerEvent,
    payloadText: string,
    salt: string | null = null,
  ): boolean {
    const payloadOk = this.payloadTextHolds(event, payloadText, salt)
    let header: LedgerEvent = event
    if (event.payload !== undefined) {
      const { payload: _ignored, payloadSalt: _salt, ...rest } = event
      header = rest
    }
    if (!this.pushSync(header)) return false
    if (!payloadOk) {
      this.fail(
        event.seq,
        'payload_hash_mismatch',
        `the payload of event ${event.seq} does not match its payload hash`,
      )
      this.stopped = true
      return false
    }
    return true
  }

  /**
   * The stored payload text against its commitment, over its canonical bytes: a payload that was
   * re-serialized (key order, spaces, `1.0` for `1`) but means the same still holds, exactly as
   * an offline verifier that parses the exported value decides. Text already canonical (all the
   * server stores) is hashed as it is, without parsing it.
   */
  private payloadTextHolds(event: LedgerEvent, text: string, salt: string | null): boolean {
    if ((event.v === 2) !== (salt !== null)) return false
    let canonical: string
    try {
      canonical = isCanonicalJson(text) ? text : canonicalize(JSON.parse(text))
    } catch {
      return false
    }
    try {
      return payloadTextCommitment(canonical, salt ?? undefined, this.sha) === event.payloadHash
    } catch {
      return false
    }
  }

  /**
   * A former key vouched for by a bundle's header counts only if the chain records its
   * rotation: a `checkpoint.key_rotated` event naming it, right before the checkpoint it last
   * signed. Called after every event was pushed, with the rotations the chain held.
   */
  requireRecordedRotations(
    claimed: { spki: string; untilSeq: number }[],
    recorded: { spki: string; seq: number }[],
  ): void {
    for (const k of claimed) {
      if (!recorded.some((r) => r.spki === k.spki && r.seq + 1 === k.untilSeq)) {
        this.fail(
          k.untilSeq,
          'key_rotation_unrecorded',
          `A former signing key is named, but the ledger records no rotation of it before event ${k.untilSeq}.`,
        )
      }
    }
  }

  result(): AuditReport {
    const chain = this.chain.result()
    if (chain.ok) {
      for (const [seq, entries] of this.expected) {
        if (seq > chain.headSeq) {
          for (const { label } of entries) {
            this.fail(
              chain.headSeq + 1,
              'checkpoint_not_on_chain',
              `${label} vouches for ${seq} events, but the chain ends at ${chain.headSeq}: events ${chain.headSeq + 1}–${seq} are missing`,
            )
          }
        }
      }
    }
    const first = this.firstFailure()
    const common = { checkpoints: this.checkpointCount, keyId: this.keyId }
    if (first) return { ok: false, ...first, events: first.seq - 1, ...common }
    if (!chain.ok) throw new Error('unreachable: a chain failure is always recorded')
    return {
      ok: true,
      headSeq: chain.headSeq,
      headHash: chain.headHash,
      events: this.startSeq + chain.count,
      ...common,
    }
  }
}

/** "Intact up to sequence N, head hash H" or "Broken at sequence N (reason): ..." */
export function describeReport(report: AuditReport): string {
  if (report.ok) {
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
    return `Intact up to sequence ${report.headSeq}, head hash ${report.headHash} (${count(report.events, 'event', 'events')}, ${count(report.checkpoints, 'signed checkpoint', 'signed checkpoints')}).`
  }
  return `Broken at sequence ${report.seq} (${report.reason.replaceAll('_', ' ')}): ${report.message}.`
}

export interface CheckpointCheck {
  /** The saved checkpoint's signature holds and today's chain has its head hash at its seq. */
  holds: boolean
  signatureValid: boolean
  onChain: boolean
  message: string
}
