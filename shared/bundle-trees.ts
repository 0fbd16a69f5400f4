/**
 * Signed tree roots in an audit bundle (docs/ledger-spec.md §10.1, ADR 0035). A version 3 bundle
 * carries each C2SP checkpoint of the trees its viewer belongs to (`tree-checkpoint` lines, the
 * log's signature and every stored cosignature) and the witnesses' keys. The verifier recomputes
 * every tree from the bundle's entries, requires each checkpoint's root at its size, checks the
 * log's signature with a trusted key (a retired one only up to its rotation) and each cosignature
 * with the witnesses' keys (given apart from the bundle, or the bundle's own).
 */
import { verifyWithLogKeys } from './log-keys'
import {
  base64Decode,
  formatVerifierKey,
  NoteError,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  type VerifierKey,
  verifierKey,
} from './signed-note'

export const DEPLOYMENT_TREE = 'deployment'

/** The origin line of a tree's checkpoints (ledger-spec §7). */
export function treeOrigin(deployment: string, log: string): string {
  return log === DEPLOYMENT_TREE ? `${deployment}/${DEPLOYMENT_TREE}` : `${deployment}/p/${log}`
}

/** The log's vkey (type 0x01) for one origin, from the ledger key's SPKI (base64 DER). */
export function treeVerifierKey(origin: string, spki: string): VerifierKey {
  const der = base64Decode(spki)
  if (der?.length !== 44) throw new NoteError('malformed_key', 'not an Ed25519 public key')
  return verifierKey(origin, SIGNATURE_TYPE_ED25519, der.slice(12))
}

export interface BundleWitness {
  log: string
  vkey: string
  party: string | null
}

/** A `tree-checkpoint` line as read: the note and what its text says (not yet verified). */
export interface HeldTreeCheckpoint {
  log: string
  note: string
  size: number
  /** Hex, as the verifier's tree roots are. */
  rootHash: string
  origin: string
}

/** Parses a line's note; throws NoteError when it is not a checkpoint note at all. */
export function readTreeCheckpoint(log: string, note: string): HeldTreeCheckpoint {
  const cp = parseCheckpoint(parseNote(note).text)
  return {
    log,
    note,
    size: cp.size,
    rootHash: [...cp.rootHash].map((b) => b.toString(16).padStart(2, '0')).join(''),
    origin: cp.origin,
  }
}

export interface TreeCheckpointVerdict {
  log: string
  size: number
  /** The log key (vkey) that signed it. */
  signedBy: string
  /** The witnesses whose cosignature verifies, with their party. */
  cosignedBy: { vkey: string; party: string | null; timestamp: number }[]
  /** Signature lines by keys the verifier was not given (ignored, as signed-note says). */
  unknownSignatures: number
}

export interface TreeSummary {
  log: string
  /** Leaves of the tree in the bundle. */
  size: number
  /** The largest checkpoint cosigned by every witness of the tree (0: none). */
  witnessedSize: number
  /** Leaves after it: what no witness round has vouched for yet. */
  afterWitnessed: number
}

/** Counts each tree's leaves as the entries stream by, and where each retired key stopped. */
export class TreeCounter {
  readonly sizes = new Map<string, number>()
  /** For each log, the sequence at which it reached a size a checkpoint names. */
  readonly reachedAt = new Map<string, Map<number, number>>()
  private readonly wanted = new Map<string, Set<number>>()
  /** Per retired key (by untilSeq), each tree's leaves up to it. */
  readonly untilSizes = new Map<number, Map<string, number>>()

  constructor(
    held: readonly HeldTreeCheckpoint[],
    private readonly untilSeqs: readonly number[],
  ) {
    for (const h of held) {
      const set = this.wanted.get(h.log) ?? new Set<number>()
      set.add(h.size)
      this.wanted.set(h.log, set)
    }
    for (const u of untilSeqs) this.untilSizes.set(u, new Map())
  }

  add(seq: number, log: string): void {
    const size = (this.sizes.get(log) ?? 0) + 1
    this.sizes.set(log, size)
    if (this.wanted.get(log)?.has(size)) {
      const at = this.reachedAt.get(log) ?? new Map<number, number>()
      at.set(size, seq)
      this.reachedAt.set(log, at)
    }
    for (const u of this.untilSeqs)
      if (seq <= u) {
        const m = this.untilSizes.get(u) as Map<string, number>
        m.set(log, (m.get(log) ?? 0) + 1)
      }
  }
}

export type TreeCheckFailure = {
  seq: number
  reason: 'tree_mismatch' | 'bad_signature'
  message: string
}

/**
 * Verifies every held checkpoint once the entries were counted: the tree reaches its size, the
 * log key signs it (a retired key only up to its rotation), every cosignature by a known witness
 * verifies. The roots themselves are the chain verifier's (`treeRoots`). Returns the verdicts, or
 * the first failure.
 */
export async function verifyTreeCheckpoints(input: {
  held: readonly HeldTreeCheckpoint[]
  deployment: string
  /** The current ledger key's SPKI (pinned, or the bundle's). */
  spki: string
  formerKeys: readonly { spki: string; untilSeq: number }[]
  witnesses: readonly BundleWitness[]
  counter: TreeCounter
  headSeq: number
}): Promise<{ verdicts: TreeCheckpointVerdict[]; trees: TreeSummary[] } | TreeCheckFailure> {
  const verdicts: TreeCheckpointVerdict[] = []
  for (const h of input.held) {
    const size = input.counter.sizes.get(h.log) ?? 0
    const at = h.size === 0 ? 1 : input.counter.reachedAt.get(h.log)?.get(h.size)
    if (at === undefined || h.size > size)
      return {
        seq: input.headSeq + 1,
        reason: 'tree_mismatch',
        message: `a signed checkpoint of the tree ${h.log} holds ${h.size} entries, but the bundle's tree has ${size}: entries are missing`,
      }
    const origin = treeOrigin(input.deployment, h.log)
    const witnessKeys: VerifierKey[] = []
    const parties = new Map<string, string | null>()
    for (const w of input.witnesses.filter((x) => x.log === h.log)) {
      const key = parseVerifierKey(w.vkey)
      witnessKeys.push(key)
      parties.set(formatVerifierKey(key), w.party)
    }
    const keys = [
      ...input.formerKeys.map((k) => ({
        vkey: formatVerifierKey(treeVerifierKey(origin, k.spki)),
        untilSize: input.counter.untilSizes.get(k.untilSeq)?.get(h.log) ?? 0,
      })),
      { vkey: formatVerifierKey(treeVerifierKey(origin, input.spki)), untilSize: null },
    ]
    try {
      const verified = await verifyWithLogKeys(h.note, keys, origin, witnessKeys)
      verdicts.push({
        log: h.log,
        size: h.size,
        signedBy: verified.logKey.vkey,
        cosignedBy: verified.cosignatures.map((c) => {
          const vkey = formatVerifierKey(c.key)
          return { vkey, party: parties.get(vkey) ?? null, timestamp: c.timestamp }
        }),
        unknownSignatures: verified.unknown.length,
      })
    } catch (error) {
      if (!(error instanceof NoteError)) throw error
      return {
        seq: at,
        reason: 'bad_signature',
        message: `the signed checkpoint of the tree ${h.log} at ${h.size} entries does not verify: ${error.message}`,
      }
    }
  }
  const trees: TreeSummary[] = []
  for (const [log, size] of input.counter.sizes) {
    const all = input.witnesses.filter((w) => w.log === log).map((w) => w.vkey)
    let witnessedSize = 0
    if (all.length > 0)
      for (const v of verdicts)
        if (v.log === log && all.every((w) => v.cosignedBy.some((c) => c.vkey === w)))
          witnessedSize = Math.max(witnessedSize, v.size)
    trees.push({ log, size, witnessedSize, afterWitnessed: size - witnessedSize })
  }
  return { verdicts, trees }
}

/** A witness entry of a bundle header: a cosignature key (type 0x04) of a tree. */
export function isBundleWitness(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const w = value as Record<string, unknown>
  if (Object.keys(w).some((k) => !['log', 'vkey', 'party'].includes(k))) return false
  if (typeof w.log !== 'string' || typeof w.vkey !== 'string') return false
  if (!(w.party === null || typeof w.party === 'string')) return false
  try {
    return parseVerifierKey(w.vkey).type === SIGNATURE_TYPE_COSIGNATURE_V1
  } catch {
    return false
  }
}
