/**
 * The offline audit bundle: one JSON Lines file. Line 1 is the header (with the public key), then
 * every checkpoint, then every event in sequence order. An event the viewer may not read is an
 * opaque line (sequence, tree, leaf hash) and still verifies (ADR 0024). Reading is line by line,
 * so a bundle of any size verifies in constant memory.
 */

import {
  type AuditReport,
  AuditVerifier,
  base64ToBytes,
  type Checkpoint,
  keyIdOf,
  type LedgerPublicKey,
} from './audit-verify'
import {
  type BundleWitness,
  type HeldTreeCheckpoint,
  isBundleWitness,
  readTreeCheckpoint,
  type TreeCheckpointVerdict,
  TreeCounter,
  type TreeSummary,
  verifyTreeCheckpoints,
} from './bundle-trees'
import { isCanonicalJson } from './canonical-json'
import {
  ENTRY_V2,
  type LedgerEvent,
  logOfEvent,
  type OpaqueEvent,
  type Sha256,
} from './ledger-hash'

export const BUNDLE_FORMAT = 'concord.audit-bundle'
/**
 * Written: 3 (signed tree checkpoints and witnesses, ADR 0035). Read: 1, 2 and 3 (a version 2
 * bundle has no tree checkpoints; a version 1 bundle has no opaque lines nor v2 entries either).
 */
export const BUNDLE_VERSION = 3
const READABLE_VERSIONS: readonly number[] = [1, 2, 3]

export interface BundleHeader {
  type: typeof BUNDLE_FORMAT
  version: 1 | 2 | 3
  exportedAt: string
  /** Whose view this is: payloads that viewer may not read are left out. */
  viewer: { email: string | null; party: string | null; full: boolean }
  headSeq: number
  headHash: string
  events: number
  checkpoints: number
  publicKey: LedgerPublicKey
  /**
   * Keys the ledger was signed with before a rotation, each up to the checkpoint right after its
   * `checkpoint.key_rotated` event. Trusted only as far as the chain records those rotations.
   */
  formerKeys?: { spki: string; untilSeq: number }[]
  /** Version 3: the deployment name the trees' origins carry (ledger-spec §7). */
  deployment?: string
  /** Version 3: how many `tree-checkpoint` lines follow. */
  treeCheckpoints?: number
  /** Version 3: the witnesses registered for the trees it carries checkpoints of. */
  witnesses?: BundleWitness[]
}

export type BundleLine =
  | BundleHeader
  | ({ type: 'checkpoint' } & Checkpoint)
  | ({ type: 'event' } & LedgerEvent)
  | ({ type: 'opaque' } & Omit<OpaqueEvent, 'opaque'>)
  | { type: 'tree-checkpoint'; log: string; note: string }

/** Version 3 when the header carries the trees (`deployment`, ...), else version 2. */
export function headerLine(header: Omit<BundleHeader, 'type' | 'version'>): string {
  const version = header.deployment === undefined ? 2 : BUNDLE_VERSION
  return JSON.stringify({ type: BUNDLE_FORMAT, version, ...header })
}

export function checkpointLine(cp: Checkpoint): string {
  return JSON.stringify({ type: 'checkpoint', ...cp })
}

/** A C2SP checkpoint of one tree, its log signature and stored cosignatures (version 3). */
export function treeCheckpointLine(log: string, note: string): string {
  return JSON.stringify({ type: 'tree-checkpoint', log, note })
}

export function eventLine(event: LedgerEvent): string {
  return JSON.stringify({ type: 'event', ...event })
}

/** `{"type":"opaque","seq":…,"v":2,"log":…,"leafHash":…}`; a v1 entry has `hash` and no `v`. */
export function opaqueLine(event: OpaqueEvent): string {
  const { opaque: _opaque, ...rest } = event
  return JSON.stringify({ type: 'opaque', ...rest })
}

export class BundleFormatError extends Error {}

// ---------------------------------------------------------------------------------------------
// The strict grammar (docs/ledger-spec.md, "The bundle"): every line has exactly its members, of
// their types, and no member twice. A member the hashes do not cover (`redacted`, anything else)
// is refused rather than ignored: a reader must never see a claim no hash vouches for.

const HEX64 = /^[0-9a-f]{64}$/
const HEX32 = /^[0-9a-f]{32}$/

type FieldRule = (value: unknown) => boolean
const isString: FieldRule = (v) => typeof v === 'string'
const isStringOrNull: FieldRule = (v) => v === null || typeof v === 'string'
const isHex64: FieldRule = (v) => typeof v === 'string' && HEX64.test(v)
const isCount: FieldRule = (v) => Number.isSafeInteger(v) && (v as number) >= 0
const isPositive: FieldRule = (v) => Number.isSafeInteger(v) && (v as number) >= 1

const EVENT_FIELDS: Record<string, FieldRule> = {
  type: (v) => v === 'event',
  seq: isPositive,
  ts: isString,
  partnershipId: isStringOrNull,
  actorId: isStringOrNull,
  actorParty: isStringOrNull,
  action: isString,
  entityType: isString,
  entityId: isString,
  visibility: isString,
  payloadHash: isHex64,
  prevHash: isHex64,
  hash: isHex64,
}
/** Members an event line may have besides EVENT_FIELDS (ledger-spec §10). */
const EVENT_OPTIONAL: Record<string, FieldRule> = {
  v: (v) => v === ENTRY_V2,
  payload: () => true,
  payloadSalt: (v) => typeof v === 'string' && HEX32.test(v),
}
const OPAQUE_FIELDS: Record<string, FieldRule> = {
  type: (v) => v === 'opaque',
  seq: isPositive,
  log: (v) => typeof v === 'string' && v.length > 0,
  leafHash: isHex64,
}
const OPAQUE_OPTIONAL: Record<string, FieldRule> = {
  v: (v) => v === ENTRY_V2,
  hash: isHex64,
}
const CHECKPOINT_FIELDS: Record<string, FieldRule> = {
  type: (v) => v === 'checkpoint',
  number: isPositive,
  seq: isPositive,
  headHash: isHex64,
  ts: isString,
  prevCheckpointHash: isHex64,
  keyId: isHex64,
  hash: isHex64,
  signature: isString,
}
const PUBLIC_KEY_FIELDS: Record<string, FieldRule> = {
  algorithm: (v) => v === 'Ed25519',
  keyId: isHex64,
  spki: isString,
  pem: isString,
}
const VIEWER_FIELDS: Record<string, FieldRule> = {
  email: isStringOrNull,
  party: isStringOrNull,
  full: (v) => typeof v === 'boolean',
}
const HEADER_FIELDS: Record<string, FieldRule> = {
  type: (v) => v === BUNDLE_FORMAT,
  version: (v) => READABLE_VERSIONS.includes(v as number),
  exportedAt: isString,
  viewer: (v) => isRecord(v) && fieldProblem(v, VIEWER_FIELDS) === null,
  headSeq: isCount,
  headHash: isHex64,
  events: isCount,
  checkpoints: isCount,
  publicKey: (v) => isRecord(v) && fieldProblem(v, PUBLIC_KEY_FIELDS) === null,
}

/** Members a version 3 header has besides HEADER_FIELDS (ledger-spec §10.1). */
const V3_HEADER_FIELDS: Record<string, FieldRule> = {
  deployment: (v) => typeof v === 'string' && /^[A-Za-z0-9.:_-]+$/.test(v),
  treeCheckpoints: isCount,
  witnesses: (v) => Array.isArray(v) && v.every(isBundleWitness),
}
const TREE_CHECKPOINT_FIELDS: Record<string, FieldRule> = {
  type: (v) => v === 'tree-checkpoint',
  log: (v) => typeof v === 'string' && v.length > 0,
  note: (v) => typeof v === 'string' && v.length > 0 && v.length < 100_000,
}

/** Null when `record` has exactly the `rules`' members (plus `optional` ones), each valid. */
function fieldProblem(
  record: Record<string, unknown>,
  rules: Record<string, FieldRule>,
  optional: Record<string, FieldRule> = {},
): string | null {
  for (const key of Object.keys(record)) {
    const rule = rules[key] ?? optional[key]
    if (!rule) return `an unknown member "${key}" (no hash covers it)`
    if (!rule(record[key])) return `a malformed member "${key}"`
  }
  for (const key of Object.keys(rules)) if (!(key in record)) return `no member "${key}"`
  return null
}

/**
 * The first key that appears twice in one object of a JSON text, or null. JSON.parse keeps the
 * last of duplicates silently, so a forged value could hide behind a genuine one; the grammar
 * forbids them. The text must already be valid JSON.
 */
export function duplicateKey(text: string): string | null {
  return scanMembers(text).twice
}

/** The keys of one object seen so far: a list while short, a set once long. */
type KeySet = string[] | Set<string>

/**
 * One pass over a JSON text already known to be valid: the first key that appears twice in one
 * object (null if none), and the exact text of the value of the outermost object's member
 * `payload` (null if it has none), so that a verifier can hash that text as it stands when it is
 * canonical already (see `isCanonicalJson`).
 */
export function scanMembers(text: string): { twice: string | null; payload: string | null } {
  /** One entry per open object (its keys) or array (null). */
  const open: (KeySet | null)[] = []
  let expectKey = false
  let payloadStart = -1
  let payloadEnd = -1
  let payloadNext = false
  // Backslashes occur only inside strings: knowing where the next one is tells at once whether
  // a string has escapes, without looking at its characters.
  let nextBackslash = text.indexOf('\\')
  if (nextBackslash < 0) nextBackslash = text.length
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1)
      const escapes = nextBackslash < end
      if (escapes) {
        // Walk this string: a quote after a backslash does not end it.
        end = i + 1
        for (;;) {
          const d = text.charCodeAt(end)
          if (d === 0x5c) end += 2
          else if (d === 0x22 || end >= n) break
          else end++
        }
        nextBackslash = text.indexOf('\\', end + 1)
        if (nextBackslash < 0) nextBackslash = n
      }
      if (end < 0) end = n
      const keys = expectKey ? open[open.length - 1] : null
      if (keys) {
        const key = escapes
          ? (JSON.parse(text.slice(i, end + 1)) as string)
          : text.slice(i + 1, end)
        if (Array.isArray(keys)) {
          if (keys.includes(key)) return { twice: key, payload: null }
          keys.push(key)
          if (keys.length > 16) open[open.length - 1] = new Set(keys)
        } else {
          if (keys.has(key)) return { twice: key, payload: null }
          keys.add(key)
        }
        expectKey = false
        payloadNext = open.length === 1 && key === 'payload'
      }
      i = end
    } else if (c === 0x7b) {
      open.push([])
      expectKey = true
    } else if (c === 0x5b) {
      open.push(null)
    } else if (c === 0x7d || c === 0x5d || c === 0x2c) {
      if (open.length === 1 && payloadStart >= 0 && payloadEnd < 0) payloadEnd = i
      if (c === 0x2c) expectKey = open[open.length - 1] !== null
      else open.pop()
    } else if (c === 0x3a && payloadNext) {
      payloadStart = i + 1
      payloadNext = false
    }
  }
  return {
    twice: null,
    payload: payloadStart >= 0 && payloadEnd >= 0 ? text.slice(payloadStart, payloadEnd) : null,
  }
}

/** The key a `checkpoint.key_rotated` event retired, as the chain records it. */
function rotationOf(event: Record<string, unknown>): { spki: string; seq: number } | null {
  if (event.action !== 'checkpoint.key_rotated' || !isRecord(event.payload)) return null
  const after = event.payload.after
  return isRecord(after) && typeof after.fromSpki === 'string' && typeof event.seq === 'number'
    ? { spki: after.fromSpki, seq: event.seq }
    : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface BundleVerifyOptions {
  /** Checkpoints a party saved earlier. */
  saved?: Checkpoint[]
  /** A public key obtained apart from the bundle (PEM): the bundle's own key must be this one. */
  pinnedPublicKeyPem?: string
  /** Called now and then with the number of events checked so far. */
  onProgress?: (checked: number, total: number) => void
  /** The SHA-256 to hash with: the server and the CLI pass node:crypto's (default: @noble/hashes). */
  sha256?: Sha256
  /**
   * Witness keys (vkeys, type 0x04) obtained apart from the bundle: they replace the header's
   * `witnesses` (each applies to every tree; party unknown).
   */
  witnessKeys?: string[]
}

export interface BundleVerifyResult {
  header: BundleHeader
  report: AuditReport
  /** Version 3: each signed tree checkpoint that verified, and each tree's witnessed size. */
  treeCheckpoints: TreeCheckpointVerdict[]
  trees: TreeSummary[]
}

/**
 * Verifies a bundle read line by line. Throws BundleFormatError when the file is not a bundle at
 * all; a bundle that is well formed but does not hold gives `report.ok === false`.
 */
export async function verifyBundleLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: BundleVerifyOptions = {},
): Promise<BundleVerifyResult> {
  let header: BundleHeader | null = null
  const checkpoints: Checkpoint[] = []
  let verifier: AuditVerifier | null = null
  let lineNo = 0
  let checked = 0
  const held: HeldTreeCheckpoint[] = []
  let counter: TreeCounter | null = null

  const start = async (): Promise<AuditVerifier> => {
    if (!header) throw new BundleFormatError('line 1 must be the bundle header')
    // With a key obtained apart from the bundle, checkpoints are checked against that key only:
    // a bundle cannot vouch for itself with a key of its own making.
    const publicKey = options.pinnedPublicKeyPem
      ? { spki: toBase64Spki(options.pinnedPublicKeyPem) }
      : header.publicKey
    counter = new TreeCounter(
      held,
      (header.formerKeys ?? []).map((k) => k.untilSeq),
    )
    return AuditVerifier.create({
      checkpoints,
      saved: options.saved,
      publicKey,
      formerKeys: header.formerKeys ?? [],
      sha256: options.sha256,
      // Each signed root must be the root of the entries at its size (ledger-spec §10.1).
      treeRoots: held.map((h) => ({ log: h.log, size: h.size, rootHash: h.rootHash })),
    })
  }
  const rotations: { spki: string; seq: number }[] = []

  for await (const raw of lines) {
    lineNo += 1
    const line = raw.trim()
    if (line === '') continue
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch {
      throw new BundleFormatError(`line ${lineNo} is not JSON`)
    }
    if (!isRecord(record)) throw new BundleFormatError(`line ${lineNo} is not a JSON object`)
    const { twice, payload: payloadText } = scanMembers(line)
    if (twice !== null)
      throw new BundleFormatError(`line ${lineNo} has the member "${twice}" twice`)
    if (!header) {
      if (record.type !== BUNDLE_FORMAT || !READABLE_VERSIONS.includes(record.version as number))
        throw new BundleFormatError(
          `line 1 is not a ${BUNDLE_FORMAT} header of version ${READABLE_VERSIONS.join(' or ')}`,
        )
      const key = record.publicKey
      if (!isRecord(key) || typeof key.spki !== 'string' || typeof key.keyId !== 'string')
        throw new BundleFormatError('the header carries no public key')
      const v3 = record.version === 3
      const problem = fieldProblem(
        record,
        v3 ? { ...HEADER_FIELDS, ...V3_HEADER_FIELDS } : HEADER_FIELDS,
        {
          formerKeys: (v) =>
            Array.isArray(v) &&
            v.every(
              (k) =>
                isRecord(k) && fieldProblem(k, { spki: isString, untilSeq: isPositive }) === null,
            ),
        },
      )
      if (problem) throw new BundleFormatError(`the header has ${problem}`)
      header = record as unknown as BundleHeader
      continue
    }
    if (record.type === 'tree-checkpoint') {
      if (header.version !== 3)
        throw new BundleFormatError(
          `line ${lineNo}: a tree checkpoint in a version ${header.version} bundle`,
        )
      if (verifier)
        throw new BundleFormatError(`line ${lineNo}: a tree checkpoint after the events`)
      const problem = fieldProblem(record, TREE_CHECKPOINT_FIELDS)
      if (problem) throw new BundleFormatError(`line ${lineNo}: the tree checkpoint has ${problem}`)
      try {
        held.push(readTreeCheckpoint(record.log as string, record.note as string))
      } catch (error) {
        throw new BundleFormatError(
          `line ${lineNo}: the tree checkpoint's note is not a checkpoint: ${(error as Error).message}`,
        )
      }
      continue
    }
    if (record.type === 'checkpoint') {
      if (verifier) throw new BundleFormatError(`line ${lineNo}: a checkpoint after the events`)
      const problem = fieldProblem(record, CHECKPOINT_FIELDS)
      if (problem) throw new BundleFormatError(`line ${lineNo}: the checkpoint has ${problem}`)
      const { type: _type, ...checkpoint } = record
      checkpoints.push(checkpoint as unknown as Checkpoint)
      continue
    }
    let item: LedgerEvent | OpaqueEvent
    /** The payload's text as the line has it, when that is its canonical form already. */
    let canonicalPayload: string | undefined
    if (record.type === 'opaque') {
      if (header.version === 1)
        throw new BundleFormatError(`line ${lineNo}: an opaque line in a version 1 bundle`)
      const problem = fieldProblem(record, OPAQUE_FIELDS, OPAQUE_OPTIONAL)
      if (problem) throw new BundleFormatError(`line ${lineNo}: the opaque entry has ${problem}`)
      // Exactly one of the two: a v2 entry's chain hash is computed, a v1 entry's is stated.
      if ('v' in record === 'hash' in record)
        throw new BundleFormatError(
          `line ${lineNo}: an opaque entry has either "v": 2 or a "hash" (version 1), not both or neither`,
        )
      if (header.viewer.full)
        throw new BundleFormatError(
          `line ${lineNo}: event ${String(record.seq)} is opaque in a full-view bundle`,
        )
      const { type: _type, ...rest } = record
      item = { opaque: true, ...rest } as unknown as OpaqueEvent
    } else if (record.type === 'event') {
      const problem = fieldProblem(record, EVENT_FIELDS, EVENT_OPTIONAL)
      if (problem) throw new BundleFormatError(`line ${lineNo}: the event has ${problem}`)
      if (header.viewer.full && !('payload' in record))
        throw new BundleFormatError(
          `line ${lineNo}: event ${String(record.seq)} has no payload in a full-view bundle`,
        )
      // The salt travels with the payload and only with it. (Whether the entry's version wants
      // one is the chain's check: a v1 payload with a salt, or a v2 one without, fails its hash.)
      if ('payloadSalt' in record && !('payload' in record))
        throw new BundleFormatError(
          `line ${lineNo}: event ${String(record.seq)} has a payload salt without its payload`,
        )
      if (header.version === 1 && 'v' in record)
        throw new BundleFormatError(`line ${lineNo}: a v2 entry in a version 1 bundle`)
      const { type: _type, ...event } = record
      item = event as unknown as LedgerEvent
      const rotated = rotationOf(event)
      if (rotated) rotations.push(rotated)
      // Canonical text is hashed as it stands: canonicalize(record.payload) would give it again.
      if (payloadText !== null && isCanonicalJson(payloadText)) canonicalPayload = payloadText
    } else {
      throw new BundleFormatError(`line ${lineNo}: unknown record type ${String(record.type)}`)
    }
    verifier ??= await start()
    const counting = counter as TreeCounter | null
    counting?.add(item.seq, 'opaque' in item ? item.log : logOfEvent(item as LedgerEvent))
    if (!verifier.pushSync(item, canonicalPayload)) break
    checked += 1
    if (options.onProgress && checked % 1000 === 0) options.onProgress(checked, header.events)
  }
  if (!header) throw new BundleFormatError('the file is empty')
  verifier ??= await start()
  verifier.requireRecordedRotations(header.formerKeys ?? [], rotations)
  options.onProgress?.(checked, header.events)
  const report = await checkHeaderClaims(header, checkpoints.length, verifier.result())
  if (header.version !== 3 || !report.ok) return { header, report, treeCheckpoints: [], trees: [] }
  if (header.treeCheckpoints !== held.length)
    return {
      header,
      report: headerFailure(
        report,
        `the header claims ${header.treeCheckpoints} tree checkpoints, but the bundle holds ${held.length}`,
      ),
      treeCheckpoints: [],
      trees: [],
    }
  const checked3 = await verifyTreeCheckpoints({
    held,
    deployment: header.deployment as string,
    spki: options.pinnedPublicKeyPem
      ? toBase64Spki(options.pinnedPublicKeyPem)
      : header.publicKey.spki,
    formerKeys: header.formerKeys ?? [],
    witnesses: options.witnessKeys
      ? [...new Set(held.map((h) => h.log))].flatMap((log) =>
          (options.witnessKeys ?? []).map((vkey) => ({ log, vkey, party: null })),
        )
      : (header.witnesses ?? []),
    counter: (counter as TreeCounter | null) ?? new TreeCounter([], []),
    headSeq: report.headSeq,
  })
  if ('reason' in checked3)
    return {
      header,
      report: {
        ok: false,
        seq: checked3.seq,
        reason: checked3.reason,
        message: checked3.message,
        events: checked3.seq - 1,
        checkpoints: report.checkpoints,
        keyId: report.keyId,
      },
      treeCheckpoints: [],
      trees: [],
    }
  return { header, report, treeCheckpoints: checked3.verdicts, trees: checked3.trees }
}

function headerFailure(report: AuditReport & { ok: true }, message: string): AuditReport {
  return {
    ok: false,
    seq: Math.max(report.headSeq, 1),
    reason: 'header_mismatch',
    message,
    events: Math.max(report.headSeq, 1) - 1,
    checkpoints: report.checkpoints,
    keyId: report.keyId,
  }
}

/**
 * A bundle whose chain holds must also be what its header says it is: the same head, the same
 * number of events and checkpoints, and a key id that is the key's. A cut tail under a header
 * that still claims the old count, or a header edited after export, is a break.
 */
async function checkHeaderClaims(
  header: BundleHeader,
  checkpointCount: number,
  report: AuditReport,
): Promise<AuditReport> {
  if (!report.ok) return report
  const fail = (seq: number, message: string): AuditReport => ({
    ok: false,
    seq,
    reason: 'header_mismatch',
    message,
    events: seq - 1,
    checkpoints: report.checkpoints,
    keyId: report.keyId,
  })
  if (header.headSeq !== report.headSeq || header.events !== report.events)
    return fail(
      Math.min(header.headSeq, report.headSeq) + 1,
      `the header claims ${header.events} events up to sequence ${header.headSeq}, but the bundle holds ${report.events} up to ${report.headSeq}`,
    )
  if (header.headHash !== report.headHash)
    return fail(
      Math.max(report.headSeq, 1),
      `the header claims head hash ${header.headHash.slice(0, 16)}…, but the chain ends with ${report.headHash.slice(0, 16)}…`,
    )
  if (header.checkpoints !== checkpointCount)
    return fail(
      Math.max(report.headSeq, 1),
      `the header claims ${header.checkpoints} checkpoints, but the bundle holds ${checkpointCount}`,
    )
  let keyId: string | null = null
  try {
    keyId = await keyIdOf(base64ToBytes(header.publicKey.spki))
  } catch {
    keyId = null
  }
  if (keyId !== header.publicKey.keyId)
    return fail(
      Math.max(report.headSeq, 1),
      "the header's key id is not the id of the key it carries",
    )
  return report
}

function toBase64Spki(pem: string): string {
  return pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '')
}

/** Reads a checkpoint a party saved (the JSON `audit.checkpoints` gives, or a bundle's line). */
export function parseSavedCheckpoint(text: string): Checkpoint {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new BundleFormatError('the checkpoint file is not JSON')
  }
  if (isRecord(value) && isRecord(value.checkpoint)) value = value.checkpoint
  if (
    !isRecord(value) ||
    typeof value.number !== 'number' ||
    typeof value.seq !== 'number' ||
    typeof value.headHash !== 'string' ||
    typeof value.ts !== 'string' ||
    typeof value.prevCheckpointHash !== 'string' ||
    typeof value.keyId !== 'string' ||
    typeof value.hash !== 'string' ||
    typeof value.signature !== 'string'
  )
    throw new BundleFormatError(
      'the checkpoint file lacks a field (number, seq, headHash, ts, prevCheckpointHash, keyId, hash, signature)',
    )
  return {
    number: value.number,
    seq: value.seq,
    headHash: value.headHash,
    ts: value.ts,
    prevCheckpointHash: value.prevCheckpointHash,
    keyId: value.keyId,
    hash: value.hash,
    signature: value.signature,
  }
}
