/**
 * The decision certificate (docs/ledger-spec.md §11): one JSON document that proves a decision
 * offline. It holds the decision, the final revision's text and hash, the charter version it was
 * judged by, every sign-off with how its signer authenticated, the ledger entries of its history
 * (those the viewer may not read as leaf hashes only), each entry's inclusion proof, and a
 * checkpoint cosigned by the witnesses, with their keys.
 *
 * The one verifier, run by the server (before it hands a certificate out), the CLI
 * (`concord audit certificate verify`) and the browser (the audit page): nothing here talks to a
 * server. Every member is either covered by a hash or a signature or checked against one; any
 * other member, a member twice, or a claim that disagrees with the entries is refused.
 */
import { duplicateKey } from './audit-bundle'
import { canonicalize } from './canonical-json'
import {
  ENTRY_V2,
  eventEntry,
  type LedgerEventHeader,
  payloadCommitment,
  sha256Hex,
} from './ledger-hash'
import { defaultHasher, verifyInclusion } from './merkle'
import { base64Decode, base64Encode, parseVerifierKey, verifyCheckpoint } from './signed-note'

export const CERTIFICATE_FORMAT = 'concord.decision-certificate'
export const CERTIFICATE_VERSION = 1

/** An entry the viewer may read: its header (the 11 fields of §2.1) and its payload. */
export interface OpenEntry {
  leafIndex: number
  entry: LedgerEventHeader
  payload: unknown
  /** A v2 entry's payload salt (32 hex digits), which its payloadHash commits with. */
  payloadSalt?: string
  /** base64 hashes, the leaf's sibling first (§5.1). */
  proof: string[]
}

/** An entry the viewer may not read: its leaf hash and position only. */
export interface SealedEntry {
  leafIndex: number
  /** base64 of SHA-256(0x00 || entry). */
  leafHash: string
  proof: string[]
}

export type CertificateEntry = OpenEntry | SealedEntry

export interface CertificateSignoff {
  seq: number
  signoffId: string
  party: string
  signerId: string
  verdict: 'approve' | 'reject'
  rationale: string
  /** As the `signoff.recorded` payload holds it (null for sign-offs recorded before it did). */
  authentication: unknown
}

export interface DecisionCertificate {
  type: typeof CERTIFICATE_FORMAT
  version: typeof CERTIFICATE_VERSION
  decision: {
    id: string
    code: string
    title: string
    partnershipId: string
    proposalId: string
    proposal: string
    revision: number
    effectiveDate: string
    /** The `decision.issued` event. */
    seq: number
  }
  revision: {
    number: number
    /** Lowercase hex SHA-256 of the RFC 8785 form of `text`. */
    hash: string
    /** The revision's content, as the `proposal.submitted` / `proposal.revised` payload holds it. */
    text: unknown
  }
  charterVersion: number | null
  signoffs: CertificateSignoff[]
  entries: CertificateEntry[]
  checkpoint: {
    /** The C2SP signed note: the log's signature, then the witnesses' cosignatures. */
    note: string
    /** The log's verifier key (type 0x01) that signed it. */
    logKey: string
    witnesses: { party: string; vkey: string }[]
  }
}

export type CertificateProblem =
  | 'malformed'
  | 'untrusted_key'
  | 'bad_checkpoint'
  | 'not_witnessed'
  | 'bad_entry'
  | 'bad_proof'
  | 'claim_mismatch'

export type CertificateVerdict =
  | {
      ok: true
      decision: DecisionCertificate['decision']
      origin: string
      treeSize: number
      /** The witnesses whose cosignatures verified: party, key name, time (ISO). */
      witnessedBy: { party: string; name: string; at: string }[]
      entries: number
      sealed: number
      signoffs: number
    }
  | { ok: false; problem: CertificateProblem; message: string }

export class CertificateError extends Error {
  constructor(
    readonly problem: CertificateProblem,
    message: string,
  ) {
    super(message)
  }
}

// ---------------------------------------------------------------------------------------------
// The grammar (§11.1): exact members, their types.

type Rule = (v: unknown) => boolean
const isString: Rule = (v) => typeof v === 'string'
const isNullableString: Rule = (v) => v === null || typeof v === 'string'
const isCount: Rule = (v) => Number.isSafeInteger(v) && (v as number) >= 0
const isPositive: Rule = (v) => Number.isSafeInteger(v) && (v as number) >= 1
const isHex64: Rule = (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)
const isHash64: Rule = (v) => typeof v === 'string' && base64Decode(v)?.length === 32
const isProof: Rule = (v) => Array.isArray(v) && v.length <= 64 && v.every(isHash64)
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function members(
  where: string,
  value: unknown,
  rules: Record<string, Rule>,
  optional: Record<string, Rule> = {},
): void {
  if (!isRecord(value)) throw new CertificateError('malformed', `${where} is not an object`)
  for (const key of Object.keys(value)) {
    const rule = rules[key] ?? optional[key]
    if (!rule) throw new CertificateError('malformed', `${where} has an unknown member "${key}"`)
    if (!rule(value[key]))
      throw new CertificateError('malformed', `${where} has a malformed member "${key}"`)
  }
  for (const key of Object.keys(rules))
    if (!(key in value)) throw new CertificateError('malformed', `${where} has no member "${key}"`)
}

const HEADER_RULES: Record<string, Rule> = {
  seq: isPositive,
  ts: isString,
  partnershipId: isNullableString,
  actorId: isNullableString,
  actorParty: isNullableString,
  action: isString,
  entityType: isString,
  entityId: isString,
  visibility: isString,
  payloadHash: isHex64,
  prevHash: isHex64,
}

/** A v2 entry (ledger-spec §2.2) says so; its payload's salt travels beside it, never inside. */
const HEADER_OPTIONAL: Record<string, Rule> = { v: (v) => v === ENTRY_V2 }
const isSalt: Rule = (v) => typeof v === 'string' && /^[0-9a-f]{32}$/.test(v)

function checkGrammar(value: unknown): DecisionCertificate {
  members('the certificate', value, {
    type: (v) => v === CERTIFICATE_FORMAT,
    version: (v) => v === CERTIFICATE_VERSION,
    decision: isRecord,
    revision: isRecord,
    charterVersion: (v) => v === null || isPositive(v),
    signoffs: Array.isArray,
    entries: (v) => Array.isArray(v) && v.length > 0,
    checkpoint: isRecord,
  })
  const c = value as DecisionCertificate
  members('decision', c.decision, {
    id: isString,
    code: isString,
    title: isString,
    partnershipId: isString,
    proposalId: isString,
    proposal: isString,
    revision: isPositive,
    effectiveDate: isString,
    seq: isPositive,
  })
  members('revision', c.revision, { number: isPositive, hash: isHex64, text: isRecord })
  for (const [i, s] of c.signoffs.entries())
    members(`signoffs[${i}]`, s, {
      seq: isPositive,
      signoffId: isString,
      party: isString,
      signerId: isString,
      verdict: (v) => v === 'approve' || v === 'reject',
      rationale: isString,
      authentication: (v) => v === null || isRecord(v),
    })
  for (const [i, e] of c.entries.entries()) {
    const where = `entries[${i}]`
    if (isRecord(e) && 'entry' in e) {
      members(
        where,
        e,
        {
          leafIndex: isCount,
          entry: isRecord,
          payload: () => true,
          proof: isProof,
        },
        { payloadSalt: isSalt },
      )
      members(`${where}.entry`, e.entry, HEADER_RULES, HEADER_OPTIONAL)
    } else members(where, e, { leafIndex: isCount, leafHash: isHash64, proof: isProof })
  }
  members('checkpoint', c.checkpoint, {
    note: isString,
    logKey: isString,
    witnesses: (v) => Array.isArray(v) && v.length > 0,
  })
  for (const [i, w] of c.checkpoint.witnesses.entries())
    members(`checkpoint.witnesses[${i}]`, w, { party: isString, vkey: isString })
  return c
}

// ---------------------------------------------------------------------------------------------
// Verification (§11.2).

const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null)

function after(entry: OpenEntry): Record<string, unknown> {
  const payload = entry.payload
  return isRecord(payload) && isRecord(payload.after) ? payload.after : {}
}

/**
 * Whether the payload is the one the header commits to (§2.1 `payloadHash`): a v2 entry's with its
 * salt, a v1 entry's without one.
 */
function payloadMatches(entry: OpenEntry): boolean {
  const v2 = entry.entry.v === ENTRY_V2
  if (v2 !== (entry.payloadSalt !== undefined)) return false
  return payloadCommitment(entry.payload, entry.payloadSalt) === entry.entry.payloadHash
}

/**
 * Verifies a certificate's text. `pins` are keys the verifier obtained apart from the certificate
 * (from each party): when given, the log key must be one of them and every pinned witness must
 * have cosigned.
 */
export async function verifyCertificate(
  text: string,
  pins: { logKeys?: string[]; witnessKeys?: string[] } = {},
): Promise<CertificateVerdict> {
  try {
    return await verify(text, pins)
  } catch (error) {
    if (error instanceof CertificateError)
      return { ok: false, problem: error.problem, message: error.message }
    throw error
  }
}

async function verify(
  text: string,
  pins: { logKeys?: string[]; witnessKeys?: string[] },
): Promise<CertificateVerdict> {
  // 1. The grammar.
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new CertificateError('malformed', 'the file is not JSON')
  }
  const twice = duplicateKey(text)
  if (twice !== null)
    throw new CertificateError('malformed', `a member "${twice}" appears twice in one object`)
  const c = checkGrammar(value)
  const d = c.decision

  // 2. The checkpoint: signed by the log key, cosigned by every witness it names.
  const keyOf = (vkey: string, what: string) => {
    try {
      return parseVerifierKey(vkey)
    } catch (error) {
      throw new CertificateError('malformed', `${what}: ${(error as Error).message}`)
    }
  }
  const logKey = keyOf(c.checkpoint.logKey, 'checkpoint.logKey')
  if (pins.logKeys && !pins.logKeys.includes(c.checkpoint.logKey))
    throw new CertificateError(
      'untrusted_key',
      `the checkpoint is signed by ${c.checkpoint.logKey}, not by a log key you trust`,
    )
  if (!logKey.name.endsWith(`/p/${d.partnershipId}`))
    throw new CertificateError(
      'claim_mismatch',
      `the log key is for ${logKey.name}, not for partnership ${d.partnershipId}`,
    )
  const witnesses = c.checkpoint.witnesses.map((w, i) => ({
    party: w.party,
    vkey: w.vkey,
    key: keyOf(w.vkey, `checkpoint.witnesses[${i}].vkey`),
  }))
  for (const pinned of pins.witnessKeys ?? [])
    if (!witnesses.some((w) => w.vkey === pinned))
      throw new CertificateError(
        'untrusted_key',
        `the witness you trust (${pinned}) is not among the certificate's witnesses`,
      )
  let verified: Awaited<ReturnType<typeof verifyCheckpoint>>
  try {
    verified = await verifyCheckpoint(
      c.checkpoint.note,
      logKey,
      witnesses.map((w) => w.key),
      logKey.name,
    )
  } catch (error) {
    throw new CertificateError(
      'bad_checkpoint',
      `the checkpoint does not verify: ${(error as Error).message}`,
    )
  }
  const witnessedBy = witnesses.map((w) => {
    const cosig = verified.cosignatures.find((v) => v.key === w.key)
    if (!cosig)
      throw new CertificateError(
        'not_witnessed',
        `${w.party}'s witness (${w.key.name}) did not cosign the checkpoint`,
      )
    return { party: w.party, name: w.key.name, at: new Date(cosig.timestamp * 1000).toISOString() }
  })
  const { size, rootHash } = verified.checkpoint

  // 3. Each entry: its leaf, its payload, its inclusion proof.
  let previous = -1
  const open = new Map<number, OpenEntry>()
  let sealed = 0
  for (const [i, e] of c.entries.entries()) {
    if (e.leafIndex <= previous)
      throw new CertificateError('bad_entry', `entries[${i}] is not after the entry before it`)
    previous = e.leafIndex
    if (e.leafIndex >= size)
      throw new CertificateError(
        'bad_entry',
        `entries[${i}] (entry ${e.leafIndex + 1}) is not in the checkpoint's tree of ${size}`,
      )
    let leaf: Uint8Array
    if ('entry' in e) {
      if (e.entry.partnershipId !== d.partnershipId)
        throw new CertificateError('bad_entry', `entries[${i}] is not of this partnership's log`)
      if (!payloadMatches(e))
        throw new CertificateError(
          'bad_entry',
          `entries[${i}] (sequence ${e.entry.seq}): the payload does not match its payloadHash`,
        )
      leaf = defaultHasher.leaf(eventEntry(e.entry))
      if (open.has(e.entry.seq))
        throw new CertificateError('bad_entry', `sequence ${e.entry.seq} appears twice`)
      open.set(e.entry.seq, e)
    } else {
      leaf = base64Decode(e.leafHash) as Uint8Array
      sealed++
    }
    const proof = e.proof.map((h) => base64Decode(h) as Uint8Array)
    if (!verifyInclusion(size, e.leafIndex, leaf, proof, rootHash))
      throw new CertificateError(
        'bad_proof',
        `entries[${i}] (entry ${e.leafIndex + 1}): the inclusion proof does not lead to the checkpoint's root ${base64Encode(rootHash)}`,
      )
  }

  // 4. The claims, each against the entry that vouches for it.
  const issued = open.get(d.seq)
  if (!issued)
    throw new CertificateError('claim_mismatch', `no readable entry of sequence ${d.seq}`)
  const ia = after(issued)
  if (
    issued.entry.action !== 'decision.issued' ||
    issued.entry.entityType !== 'decision' ||
    issued.entry.entityId !== d.id ||
    ia.code !== d.code ||
    ia.title !== d.title ||
    ia.proposalId !== d.proposalId ||
    ia.proposal !== d.proposal ||
    ia.revision !== d.revision ||
    ia.effectiveDate !== d.effectiveDate
  )
    throw new CertificateError(
      'claim_mismatch',
      `the decision does not match its decision.issued entry (sequence ${d.seq})`,
    )
  const ofProposal = [...open.values()].filter(
    (e) => e.entry.entityType === 'proposal' && e.entry.entityId === d.proposalId,
  )
  // The revision: its hash, and the text as the ledger recorded it.
  if (c.revision.number !== d.revision)
    throw new CertificateError('claim_mismatch', 'the revision is not the decided one')
  if ((await sha256Hex(canonicalize(c.revision.text))) !== c.revision.hash)
    throw new CertificateError('claim_mismatch', 'the revision text does not match its hash')
  const recorded = ofProposal.find(
    (e) =>
      (e.entry.action === 'proposal.submitted' || e.entry.action === 'proposal.revised') &&
      after(e).revision === c.revision.number,
  )
  if (!recorded || !same(after(recorded).content, c.revision.text))
    throw new CertificateError(
      'claim_mismatch',
      `the revision text is not the one the ledger recorded for revision ${c.revision.number}`,
    )
  // The charter version: frozen by the last submission.
  const submitted = ofProposal.filter((e) => e.entry.action === 'proposal.submitted').at(-1)
  if (!submitted || after(submitted).charterVersion !== c.charterVersion)
    throw new CertificateError(
      'claim_mismatch',
      'the charter version is not the one the proposal was submitted under',
    )
  // The sign-offs: each its own signoff.recorded entry on the decided revision.
  const parties = new Set<string>()
  for (const [i, s] of c.signoffs.entries()) {
    const e = open.get(s.seq)
    if (!e)
      throw new CertificateError('claim_mismatch', `signoffs[${i}]: no readable entry ${s.seq}`)
    const a = after(e)
    if (
      e.entry.action !== 'signoff.recorded' ||
      e.entry.entityId !== d.proposalId ||
      e.entry.actorId !== s.signerId ||
      e.entry.actorParty !== s.party ||
      a.signoffId !== s.signoffId ||
      a.party !== s.party ||
      a.revision !== d.revision ||
      a.verdict !== s.verdict ||
      a.rationale !== s.rationale ||
      !same(a.authentication, s.authentication)
    )
      throw new CertificateError(
        'claim_mismatch',
        `signoffs[${i}] does not match its signoff.recorded entry (sequence ${s.seq})`,
      )
    if (s.verdict !== 'approve' || parties.has(s.party))
      throw new CertificateError(
        'claim_mismatch',
        `signoffs[${i}]: a decision has one approving sign-off per party`,
      )
    parties.add(s.party)
  }
  const recordedSignoffs = ofProposal.filter(
    (e) => e.entry.action === 'signoff.recorded' && after(e).revision === d.revision,
  )
  if (recordedSignoffs.length !== c.signoffs.length)
    throw new CertificateError(
      'claim_mismatch',
      `the entries record ${recordedSignoffs.length} sign-offs of revision ${d.revision}, the certificate lists ${c.signoffs.length}`,
    )
  for (const w of witnesses)
    if (!parties.has(w.party))
      throw new CertificateError(
        'claim_mismatch',
        `the witness of ${w.party} belongs to no party that signed the decision`,
      )
  for (const party of parties)
    if (!witnesses.some((w) => w.party === party))
      throw new CertificateError('not_witnessed', `no witness of ${party} cosigned the checkpoint`)

  return {
    ok: true,
    decision: d,
    origin: verified.checkpoint.origin,
    treeSize: size,
    witnessedBy,
    entries: c.entries.length,
    sealed,
    signoffs: c.signoffs.length,
  }
}

/** One line for a person: what holds, or what does not. */
export function describeCertificate(v: CertificateVerdict): string {
  if (!v.ok) return `The certificate does NOT verify (${v.problem}): ${v.message}.`
  return `${v.decision.code} "${v.decision.title}" is in ${v.origin}'s tree of ${v.treeSize} entries, witnessed by ${v.witnessedBy.map((w) => w.party).join(' and ')}; ${v.entries} entries of its history proved (${v.sealed} sealed), ${v.signoffs} sign-offs.`
}
