/**
 * Signed notes (https://c2sp.org/signed-note), transparency-log checkpoints
 * (https://c2sp.org/tlog-checkpoint) and Ed25519 witness cosignatures
 * (https://c2sp.org/tlog-cosignature, `cosignature/v1`), byte for byte as golang.org/x/mod/sumdb/note
 * and transparency-dev/formats/note write and read them, so a standard verifier accepts Concord's
 * checkpoints and Concord accepts a standard witness's cosignatures (docs/ledger-spec.md; ADR 0012).
 *
 * One code for the server, the CLI and the browser: Ed25519 through WebCrypto (as
 * shared/audit-verify.ts does), SHA-256 for key IDs through @noble/hashes (synchronous).
 *
 * Stricter than the Go reader in three places, each a choice a forger could otherwise use to make
 * two different byte strings carry the same verdict: base64 must be canonical (no stray bits in
 * the last character), hexadecimal key IDs lowercase, and one key may sign a note only once.
 */
import { sha256 } from '@noble/hashes/sha2.js'

/** Signature type identifier bytes (c2sp.org/signed-note, "Signature types"). */
export const SIGNATURE_TYPE_ED25519 = 0x01
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04
export type SignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1

/** Verifiers must accept at least 16 signatures; like Go's note.Open we refuse more than 100. */
export const MAX_SIGNATURES = 100

export type NoteErrorCode =
  | 'malformed_note'
  | 'malformed_key'
  | 'malformed_checkpoint'
  | 'ambiguous_key'
  | 'duplicate_signature'
  | 'invalid_signature'
  | 'unverified_note'

/** Why a note, key or checkpoint was refused; `message` says it in words a person can act on. */
export class NoteError extends Error {
  override name = 'NoteError'
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const encoder = new TextEncoder()
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const SIG_PREFIX = '\u2014 '

// ---------------------------------------------------------------------------------------------
// Encodings.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]))

/** Standard base64 with padding (RFC 4648 §4). */
export function base64Encode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number
    const b = bytes[i + 1]
    const c = bytes[i + 2]
    out += B64[a >> 2]
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)]
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]
    out += c === undefined ? '=' : B64[c & 63]
  }
  return out
}

/**
 * Canonical standard base64 only: length a multiple of 4, padding only at the end, and the unused
 * low bits of the last character zero. Null when the text is anything else.
 */
export function base64Decode(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const body = text.length - pad
  const out = new Uint8Array((text.length / 4) * 3 - pad)
  let bits = 0
  let value = 0
  let o = 0
  for (let i = 0; i < body; i++) {
    const v = B64_INDEX.get(text[i] as string)
    if (v === undefined) return null
    value = (value << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
      value &= (1 << bits) - 1
    }
  }
  if (value !== 0) return null
  return out
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0')
}

// ---------------------------------------------------------------------------------------------
// Names and keys.

// Go's unicode.IsSpace: the White_Space property.
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** A key name: non-empty, no Unicode space, no `+` (c2sp.org/signed-note, "Format"). */
export function isValidKeyName(name: string): boolean {
  return (
    name.length > 0 &&
    !UNICODE_SPACE.test(name) &&
    !name.includes('+') &&
    !LONE_SURROGATE.test(name) &&
    !hasControlCharacter(name)
  )
}

function hasControlCharacter(text: string, allowNewline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return true
  }
  return false
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian uint32. */
export function keyId(name: string, type: SignatureType, publicKey: Uint8Array): number {
  const nameBytes = encoder.encode(name)
  const input = new Uint8Array(nameBytes.length + 2 + publicKey.length)
  input.set(nameBytes, 0)
  input[nameBytes.length] = 0x0a
  input[nameBytes.length + 1] = type
  input.set(publicKey, nameBytes.length + 2)
  const digest = sha256(input)
  return (
    (((digest[0] as number) << 24) |
      ((digest[1] as number) << 16) |
      ((digest[2] as number) << 8) |
      (digest[3] as number)) >>>
    0
  )
}

/** The first `count` "+"-separated fields, then the rest (which may contain "+"). */
function cutFields(text: string, count: number): string[] | null {
  const out: string[] = []
  let rest = text
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('+')
    if (at < 0) return null
    out.push(rest.slice(0, at))
    rest = rest.slice(at + 1)
  }
  out.push(rest)
  return out
}

/** A public key a verifier trusts: an Ed25519 log key (type 0x01) or a witness key (0x04). */
export interface VerifierKey {
  name: string
  type: SignatureType
  keyId: number
  /** 32 bytes, RFC 8032 encoding. */
  publicKey: Uint8Array
}

function checkType(type: number): type is SignatureType {
  return type === SIGNATURE_TYPE_ED25519 || type === SIGNATURE_TYPE_COSIGNATURE_V1
}

export function verifierKey(name: string, type: SignatureType, publicKey: Uint8Array): VerifierKey {
  if (!isValidKeyName(name))
    throw new NoteError('malformed_key', `"${name}" is not a key name (no spaces, no "+")`)
  if (publicKey.length !== 32) throw new NoteError('malformed_key', 'an Ed25519 key is 32 bytes')
  return { name, type, keyId: keyId(name, type, publicKey), publicKey }
}

/** `<name>+<8 hex digits of the key ID>+<base64(type || public key)>`, as Go's note package. */
export function formatVerifierKey(key: VerifierKey): string {
  const material = new Uint8Array(33)
  material[0] = key.type
  material.set(key.publicKey, 1)
  return `${key.name}+${hex8(key.keyId)}+${base64Encode(material)}`
}

/** Reads a vkey; refuses a wrong key ID, an unknown type, a key of the wrong length. */
export function parseVerifierKey(vkey: string): VerifierKey {
  const bad = (why: string) => new NoteError('malformed_key', `not a verifier key: ${why}`)
  // The base64 key may itself contain "+": split off the first two fields only.
  const parts = cutFields(vkey, 2)
  if (!parts) throw bad('expected <name>+<key id>+<key>')
  const [name, id, material64] = parts as [string, string, string]
  if (!isValidKeyName(name)) throw bad('the name is empty or has a space')
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad('the key ID is not 8 lowercase hexadecimal digits')
  const material = base64Decode(material64)
  if (material?.length !== 33) throw bad('the key is not base64 of 33 bytes')
  const type = material[0] as number
  if (!checkType(type)) throw bad(`signature type 0x${type.toString(16)} is not supported`)
  const key = verifierKey(name, type, material.slice(1))
  if (hex8(key.keyId) !== id) throw bad('the key ID does not match the name and key')
  return key
}

/** A private key: the 32-byte Ed25519 seed (RFC 8032), with the name and type it signs under. */
export interface SignerKey extends VerifierKey {
  seed: Uint8Array
}

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): WebCrypto imports private keys only so.
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
])

function pkcs8FromSeed(seed: Uint8Array): Uint8Array {
  const out = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32)
  out.set(PKCS8_ED25519_PREFIX, 0)
  out.set(seed, PKCS8_ED25519_PREFIX.length)
  return out
}

async function publicKeyFromSeed(seed: Uint8Array): Promise<Uint8Array> {
  const key = await globalThis.crypto.subtle.importKey(
    'pkcs8',
    pkcs8FromSeed(seed) as BufferSource,
    { name: 'Ed25519' },
    true,
    ['sign'],
  )
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key)
  const x = jwk.x ? base64UrlDecode(jwk.x) : null
  if (x?.length !== 32) throw new NoteError('malformed_key', 'could not derive the public key')
  return x
}

function base64UrlDecode(text: string): Uint8Array | null {
  const std = text.replace(/-/g, '+').replace(/_/g, '/')
  return base64Decode(std + '='.repeat((4 - (std.length % 4)) % 4))
}

export async function signerKey(
  name: string,
  type: SignatureType,
  seed: Uint8Array,
): Promise<SignerKey> {
  if (seed.length !== 32) throw new NoteError('malformed_key', 'an Ed25519 seed is 32 bytes')
  return { ...verifierKey(name, type, await publicKeyFromSeed(seed)), seed: seed.slice() }
}

/** `PRIVATE+KEY+<name>+<key id>+<base64(type || seed)>`, as Go's note package. Keep it secret. */
export function formatSignerKey(key: SignerKey): string {
  const material = new Uint8Array(33)
  material[0] = key.type
  material.set(key.seed, 1)
  return `PRIVATE+KEY+${key.name}+${hex8(key.keyId)}+${base64Encode(material)}`
}

export async function parseSignerKey(skey: string): Promise<SignerKey> {
  const bad = (why: string) => new NoteError('malformed_key', `not a signer key: ${why}`)
  const parts = cutFields(skey, 4)
  if (parts?.[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw bad('expected PRIVATE+KEY+<name>+<key id>+<key>')
  const [, , name, id, material64] = parts as [string, string, string, string, string]
  if (!isValidKeyName(name)) throw bad('the name is empty or has a space')
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad('the key ID is not 8 lowercase hexadecimal digits')
  const material = base64Decode(material64)
  if (material?.length !== 33) throw bad('the key is not base64 of 33 bytes')
  const type = material[0] as number
  if (!checkType(type)) throw bad(`signature type 0x${type.toString(16)} is not supported`)
  const key = await signerKey(name, type, material.slice(1))
  if (hex8(key.keyId) !== id) throw bad('the key ID does not match the name and key')
  return key
}

/** A fresh key pair from the platform's random source. */
export async function generateSignerKey(name: string, type: SignatureType): Promise<SignerKey> {
  return signerKey(name, type, globalThis.crypto.getRandomValues(new Uint8Array(32)))
}

// ---------------------------------------------------------------------------------------------
// Notes.

export interface NoteSignature {
  name: string
  keyId: number
  /** The signature bytes after the 4-byte key ID. */
  signature: Uint8Array
}

export interface Note {
  /** The signed text: one or more lines, each ending in a newline. */
  text: string
  signatures: NoteSignature[]
}

function checkText(text: string, what: string): void {
  if (LONE_SURROGATE.test(text))
    throw new NoteError('malformed_note', `the ${what} is not valid Unicode`)
  if (hasControlCharacter(text, true))
    throw new NoteError('malformed_note', `the ${what} has a control character other than newline`)
}

/** Splits a signed note into its text and signature lines, checking the syntax only. */
export function parseNote(note: string | Uint8Array): Note {
  let text: string
  if (typeof note === 'string') text = note
  else {
    try {
      text = strictDecoder.decode(note)
    } catch {
      throw new NoteError('malformed_note', 'the note is not valid UTF-8')
    }
  }
  checkText(text, 'note')
  const split = text.lastIndexOf('\n\n')
  if (split < 0)
    throw new NoteError('malformed_note', 'the note has no blank line before its signatures')
  const body = text.slice(0, split + 1)
  let rest = text.slice(split + 2)
  if (!rest.endsWith('\n'))
    throw new NoteError('malformed_note', 'the signature lines must end with a newline')
  const signatures: NoteSignature[] = []
  while (rest.length > 0) {
    const end = rest.indexOf('\n')
    const line = rest.slice(0, end)
    rest = rest.slice(end + 1)
    if (signatures.length === MAX_SIGNATURES)
      throw new NoteError('malformed_note', `more than ${MAX_SIGNATURES} signatures`)
    signatures.push(parseSignatureLine(line))
  }
  return { text: body, signatures }
}

function parseSignatureLine(line: string): NoteSignature {
  const bad = () => new NoteError('malformed_note', `not a signature line: "${line.slice(0, 80)}"`)
  if (!line.startsWith(SIG_PREFIX)) throw bad()
  const rest = line.slice(SIG_PREFIX.length)
  const space = rest.indexOf(' ')
  if (space < 0) throw bad()
  const name = rest.slice(0, space)
  const raw = base64Decode(rest.slice(space + 1))
  if (!isValidKeyName(name) || !raw || raw.length < 5) throw bad()
  const id =
    (((raw[0] as number) << 24) |
      ((raw[1] as number) << 16) |
      ((raw[2] as number) << 8) |
      (raw[3] as number)) >>>
    0
  return { name, keyId: id, signature: raw.slice(4) }
}

export function formatSignatureLine(sig: NoteSignature): string {
  const raw = new Uint8Array(4 + sig.signature.length)
  new DataView(raw.buffer).setUint32(0, sig.keyId)
  raw.set(sig.signature, 4)
  return `${SIG_PREFIX}${sig.name} ${base64Encode(raw)}\n`
}

function checkNoteText(text: string): void {
  checkText(text, 'note text')
  if (!text.endsWith('\n') || text.includes('\n\n') || text.startsWith('\n'))
    throw new NoteError(
      'malformed_note',
      'the note text must be non-empty lines, each ending in a newline, with no blank line',
    )
}

export function formatNote(note: Note): string {
  checkNoteText(note.text)
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`
}

/** Something that signs note text under a name and key ID (an Ed25519 log key, a witness). */
export interface NoteSigner {
  name: string
  keyId: number
  /** The signature bytes that follow the key ID in the signature line. */
  sign(text: Uint8Array): Promise<Uint8Array>
}

async function importPrivate(seed: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'pkcs8',
    pkcs8FromSeed(seed) as BufferSource,
    { name: 'Ed25519' },
    false,
    ['sign'],
  )
}

async function ed25519Sign(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await globalThis.crypto.subtle.sign({ name: 'Ed25519' }, key, message as BufferSource),
  )
}

/** Plain Ed25519 note signatures (type 0x01): what a log signs its checkpoints with. */
export function ed25519Signer(key: SignerKey): NoteSigner {
  if (key.type !== SIGNATURE_TYPE_ED25519)
    throw new NoteError('malformed_key', 'an Ed25519 note signer needs a key of type 0x01')
  const imported = importPrivate(key.seed)
  return {
    name: key.name,
    keyId: key.keyId,
    sign: async (text) => ed25519Sign(await imported, text),
  }
}

/**
 * Adds signatures to a note text: the result is the text, a blank line, then the signature lines
 * in order. Existing signatures (from `note.signatures`) are kept, except any by the same key,
 * which are replaced.
 */
export async function signNote(
  note: Note | string,
  signers: readonly NoteSigner[],
): Promise<string> {
  const { text, signatures } = typeof note === 'string' ? { text: note, signatures: [] } : note
  checkNoteText(text)
  const bytes = encoder.encode(text)
  const added: NoteSignature[] = []
  for (const s of signers) {
    if (!isValidKeyName(s.name))
      throw new NoteError('malformed_key', `"${s.name}" is not a key name`)
    added.push({ name: s.name, keyId: s.keyId, signature: await s.sign(bytes) })
  }
  const same = (a: NoteSignature, b: NoteSignature) => a.name === b.name && a.keyId === b.keyId
  const kept = signatures.filter((old) => !added.some((n) => same(old, n)))
  return formatNote({ text, signatures: [...kept, ...added] })
}

// ---------------------------------------------------------------------------------------------
// Verification.

export interface VerifiedSignature {
  key: VerifierKey
  /** For a cosignature (type 0x04): its POSIX timestamp in seconds. */
  timestamp?: number
}

export interface OpenedNote {
  text: string
  verified: VerifiedSignature[]
  /** Signature lines from keys not in the list: ignored, as the spec requires. */
  unknown: NoteSignature[]
}

// Imported keys, by the (immutable in practice) public key bytes of a VerifierKey.
const publicKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>()

async function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (signature.length !== 64) return false
  try {
    let imported = publicKeys.get(publicKey)
    if (!imported) {
      imported = globalThis.crypto.subtle.importKey(
        'raw',
        publicKey as BufferSource,
        { name: 'Ed25519' },
        false,
        ['verify'],
      )
      publicKeys.set(publicKey, imported)
    }
    const key = await imported
    return await globalThis.crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      signature as BufferSource,
      message as BufferSource,
    )
  } catch {
    return false
  }
}

/** Checks one signature line against one key; the timestamp for a valid cosignature. */
async function verifySignature(
  key: VerifierKey,
  text: string,
  signature: Uint8Array,
): Promise<{ ok: boolean; timestamp?: number }> {
  if (key.type === SIGNATURE_TYPE_ED25519)
    return { ok: await ed25519Verify(key.publicKey, encoder.encode(text), signature) }
  const parsed = splitCosignature(signature)
  if (!parsed) return { ok: false }
  const ok = await ed25519Verify(
    key.publicKey,
    cosignatureMessage(parsed.timestamp, text),
    parsed.signature,
  )
  return ok ? { ok, timestamp: parsed.timestamp } : { ok }
}

/**
 * Opens a signed note with the keys the reader trusts (c2sp.org/signed-note, "Signatures"):
 * lines from unknown keys are ignored; a line from a known key must verify, or the whole note is
 * refused; a known key may sign only once; at least one known key must have signed.
 */
export async function openNote(
  note: string | Uint8Array,
  keys: readonly VerifierKey[],
): Promise<OpenedNote> {
  const parsed = parseNote(note)
  const verified: VerifiedSignature[] = []
  const unknown: NoteSignature[] = []
  const seen = new Set<string>()
  for (const sig of parsed.signatures) {
    const matches = keys.filter((k) => k.name === sig.name && k.keyId === sig.keyId)
    const label = `${sig.name}+${hex8(sig.keyId)}`
    if (matches.length === 0) {
      unknown.push(sig)
      continue
    }
    if (matches.length > 1)
      throw new NoteError('ambiguous_key', `more than one trusted key is named ${label}`)
    if (seen.has(label))
      throw new NoteError('duplicate_signature', `key ${label} signed the note more than once`)
    seen.add(label)
    const key = matches[0] as VerifierKey
    const result = await verifySignature(key, parsed.text, sig.signature)
    if (!result.ok)
      throw new NoteError('invalid_signature', `the signature of key ${label} is not valid`)
    verified.push(result.timestamp === undefined ? { key } : { key, timestamp: result.timestamp })
  }
  if (verified.length === 0)
    throw new NoteError('unverified_note', 'no signature on the note is from a trusted key')
  return { text: parsed.text, verified, unknown }
}

// ---------------------------------------------------------------------------------------------
// Checkpoints (c2sp.org/tlog-checkpoint).

export interface Checkpoint {
  /** Names the log; for Concord, the deployment and the partnership (docs/ledger-spec.md). */
  origin: string
  size: number
  /** 32 bytes: the RFC 9162 root of the first `size` leaves. */
  rootHash: Uint8Array
  /** Opaque, optional, non-empty lines after the root hash. */
  extensions: string[]
}

/** The note text of a checkpoint: origin, size, base64 root hash, extension lines. */
export function formatCheckpoint(cp: Checkpoint): string {
  const text = [cp.origin, String(cp.size), base64Encode(cp.rootHash), ...cp.extensions]
    .map((line) => `${line}\n`)
    .join('')
  // Parsing what we format refuses anything a reader would refuse.
  parseCheckpoint(text)
  return text
}

export function parseCheckpoint(text: string): Checkpoint {
  const bad = (why: string) => new NoteError('malformed_checkpoint', `not a checkpoint: ${why}`)
  checkText(text, 'checkpoint')
  if (!text.endsWith('\n')) throw bad('the text must end with a newline')
  const lines = text.slice(0, -1).split('\n')
  if (lines.length < 3) throw bad('it needs an origin, a tree size and a root hash')
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]]
  if (origin.length === 0) throw bad('the origin line is empty')
  if (!/^(0|[1-9][0-9]*)$/.test(size))
    throw bad('the tree size is not a decimal without leading zeros')
  const n = Number(size)
  if (!Number.isSafeInteger(n)) throw bad('the tree size is larger than 2^53 - 1')
  const rootHash = base64Decode(root)
  if (rootHash?.length !== 32) throw bad('the root hash is not base64 of 32 bytes')
  if (extensions.some((line) => line.length === 0)) throw bad('an extension line is empty')
  return { origin, size: n, rootHash, extensions }
}

export interface VerifiedCheckpoint {
  checkpoint: Checkpoint
  /** The witnesses whose cosignatures verified, with their timestamps. */
  cosignatures: { key: VerifierKey; timestamp: number }[]
  /** Signature lines from keys not given: ignored. */
  unknown: NoteSignature[]
}

/**
 * Verifies a signed checkpoint: the log's key must have signed it (type 0x01), every line from a
 * given witness key must verify (type 0x04), and the origin must be the expected one when given.
 */
export async function verifyCheckpoint(
  note: string | Uint8Array,
  logKey: VerifierKey,
  witnessKeys: readonly VerifierKey[] = [],
  expectedOrigin?: string,
): Promise<VerifiedCheckpoint> {
  if (logKey.type !== SIGNATURE_TYPE_ED25519)
    throw new NoteError('malformed_key', 'the log key must be an Ed25519 key of type 0x01')
  if (witnessKeys.some((k) => k.type !== SIGNATURE_TYPE_COSIGNATURE_V1))
    throw new NoteError('malformed_key', 'witness keys must be cosignature keys of type 0x04')
  const opened = await openNote(note, [logKey, ...witnessKeys])
  const checkpoint = parseCheckpoint(opened.text)
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin)
    throw new NoteError(
      'malformed_checkpoint',
      `the checkpoint is for "${checkpoint.origin}", not "${expectedOrigin}"`,
    )
  if (!opened.verified.some((v) => v.key === logKey))
    throw new NoteError('unverified_note', `the log key ${logKey.name} did not sign the checkpoint`)
  const cosignatures = opened.verified
    .filter((v) => v.key !== logKey)
    .map((v) => ({ key: v.key, timestamp: v.timestamp as number }))
  return { checkpoint, cosignatures, unknown: opened.unknown }
}

// ---------------------------------------------------------------------------------------------
// Cosignatures (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1).

/** The bytes a witness signs: "cosignature/v1\n", "time <seconds>\n", then the checkpoint text. */
export function cosignatureMessage(timestamp: number, checkpointText: string): Uint8Array {
  checkTimestamp(timestamp)
  return encoder.encode(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`)
}

function checkTimestamp(timestamp: number): void {
  // The spec allows up to 2^63 - 1; a JavaScript number is exact to 2^53 - 1, which is a date
  // some 285 million years away, so larger values are refused rather than rounded.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new NoteError('malformed_note', `cosignature timestamp ${timestamp} is out of range`)
}

/** timestamp (u64, big-endian) || Ed25519 signature (64 bytes); null when not that shape. */
export function splitCosignature(
  signature: Uint8Array,
): { timestamp: number; signature: Uint8Array } | null {
  if (signature.length !== 8 + 64) return null
  const view = new DataView(signature.buffer, signature.byteOffset, 8)
  const high = view.getUint32(0)
  const low = view.getUint32(4)
  if (high >= 2 ** 21) return null // beyond 2^53 - 1
  return { timestamp: high * 2 ** 32 + low, signature: signature.slice(8) }
}

/**
 * A witness's cosigner (type 0x04). It signs whatever checkpoint text it is given: checking that
 * the checkpoint extends what the witness saw before is the witness's job, done before calling.
 */
export function cosignatureSigner(key: SignerKey, now: () => number = unixNow): NoteSigner {
  if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1)
    throw new NoteError('malformed_key', 'a cosigner needs a key of type 0x04')
  const imported = importPrivate(key.seed)
  return {
    name: key.name,
    keyId: key.keyId,
    async sign(text) {
      const checkpointText = strictDecoder.decode(text)
      parseCheckpoint(checkpointText)
      const timestamp = now()
      const signature = await ed25519Sign(
        await imported,
        cosignatureMessage(timestamp, checkpointText),
      )
      const out = new Uint8Array(8 + 64)
      const view = new DataView(out.buffer)
      view.setUint32(0, Math.floor(timestamp / 2 ** 32))
      view.setUint32(4, timestamp % 2 ** 32)
      out.set(signature, 8)
      return out
    },
  }
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000)
}
