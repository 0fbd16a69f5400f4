/**
 * The offline audit bundle: one JSON Lines file. Line 1 is the header (with the public key), then
 * every checkpoint, then every event in sequence order. Redacted events carry `payloadHash` but no
 * `payload`, and still verify. Reading is line by line, so a bundle of any size verifies in
 * constant memory.
 */

import {
  type AuditReport,
  AuditVerifier,
  type Checkpoint,
  type LedgerPublicKey,
} from './audit-verify'
import type { LedgerEvent } from './ledger-hash'

export const BUNDLE_FORMAT = 'concord.audit-bundle'
export const BUNDLE_VERSION = 1

export interface BundleHeader {
  type: typeof BUNDLE_FORMAT
  version: typeof BUNDLE_VERSION
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
}

export type BundleLine =
  | BundleHeader
  | ({ type: 'checkpoint' } & Checkpoint)
  | ({ type: 'event' } & LedgerEvent)

export function headerLine(header: Omit<BundleHeader, 'type' | 'version'>): string {
  return JSON.stringify({ type: BUNDLE_FORMAT, version: BUNDLE_VERSION, ...header })
}

export function checkpointLine(cp: Checkpoint): string {
  return JSON.stringify({ type: 'checkpoint', ...cp })
}

export function eventLine(event: LedgerEvent): string {
  return JSON.stringify({ type: 'event', ...event })
}

export class BundleFormatError extends Error {}

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
}

export interface BundleVerifyResult {
  header: BundleHeader
  report: AuditReport
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

  const start = async (): Promise<AuditVerifier> => {
    if (!header) throw new BundleFormatError('line 1 must be the bundle header')
    // With a key obtained apart from the bundle, checkpoints are checked against that key only:
    // a bundle cannot vouch for itself with a key of its own making.
    const publicKey = options.pinnedPublicKeyPem
      ? { spki: toBase64Spki(options.pinnedPublicKeyPem) }
      : header.publicKey
    return AuditVerifier.create({
      checkpoints,
      saved: options.saved,
      publicKey,
      formerKeys: header.formerKeys ?? [],
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
    if (!header) {
      if (record.type !== BUNDLE_FORMAT || record.version !== BUNDLE_VERSION)
        throw new BundleFormatError(
          `line 1 is not a ${BUNDLE_FORMAT} header of version ${BUNDLE_VERSION}`,
        )
      const key = record.publicKey
      if (!isRecord(key) || typeof key.spki !== 'string' || typeof key.keyId !== 'string')
        throw new BundleFormatError('the header carries no public key')
      header = record as unknown as BundleHeader
      continue
    }
    if (record.type === 'checkpoint') {
      if (verifier) throw new BundleFormatError(`line ${lineNo}: a checkpoint after the events`)
      checkpoints.push(record as unknown as Checkpoint)
      continue
    }
    if (record.type !== 'event')
      throw new BundleFormatError(`line ${lineNo}: unknown record type ${String(record.type)}`)
    verifier ??= await start()
    const { type: _type, ...event } = record
    const rotated = rotationOf(event)
    if (rotated) rotations.push(rotated)
    if (!(await verifier.push(event as unknown as LedgerEvent))) break
    checked += 1
    if (options.onProgress && checked % 1000 === 0) options.onProgress(checked, header.events)
  }
  if (!header) throw new BundleFormatError('the file is empty')
  verifier ??= await start()
  verifier.requireRecordedRotations(header.formerKeys ?? [], rotations)
  options.onProgress?.(checked, header.events)
  return { header, report: verifier.result() }
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
