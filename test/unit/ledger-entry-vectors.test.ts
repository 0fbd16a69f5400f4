/**
 * The entry vectors of docs/ledger-spec.md §2 (test/vectors/ledger-entries.json): a v1 entry
 * (before migration 0015) and a salted v2 entry, each recomputed three ways: from the raw bytes
 * the spec names with node:crypto alone, with the shared code (browser, CLI) and with the server's
 * sealing. An opaque line of the v2 entry still chains.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sealEvent } from '../../server/audit/ledger-row'
import { leafHashOf } from '../../server/audit/tree'
import { canonicalize } from '../../shared/canonical-json'
import {
  ChainVerifier,
  chainHashOf,
  eventEntryText,
  type LedgerEventHeader,
  leafHashHex,
  payloadCommitment,
} from '../../shared/ledger-hash'
import { toHex } from '../../shared/merkle'

interface Vectors {
  v1: {
    payload: unknown
    payloadCanonical: string
    payloadHash: string
    header: LedgerEventHeader
    entry: string
    entryBytes: number
    leafHash: string
    hash: string
  }
  v2: {
    payload: unknown
    salt: string
    payloadCanonical: string
    commitmentInputHex: string
    payloadHash: string
    header: LedgerEventHeader
    entry: string
    entryBytes: number
    leafHash: string
    chainHashInputHex: string
    hash: string
    opaque: { type: 'opaque'; seq: number; v: 2; log: string; leafHash: string }
  }
}

const vectors = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../vectors/ledger-entries.json'), 'utf8'),
) as Vectors

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('ledger entry vectors (ledger-spec §2)', () => {
  it('v1: unsalted payload hash, entry with prevHash, chain hash H(entry)', () => {
    const v = vectors.v1
    expect(canonicalize(v.payload)).toBe(v.payloadCanonical)
    expect(sha256(Buffer.from(v.payloadCanonical))).toBe(v.payloadHash)
    expect(payloadCommitment(v.payload)).toBe(v.payloadHash)
    expect(eventEntryText(v.header)).toBe(v.entry)
    expect(Buffer.byteLength(v.entry)).toBe(v.entryBytes)
    expect(sha256(Buffer.from(v.entry))).toBe(v.hash)
    expect(sha256(Buffer.concat([Buffer.from([0]), Buffer.from(v.entry)]))).toBe(v.leafHash)
    expect(chainHashOf(v.header)).toBe(v.hash)
    expect(leafHashHex(v.header)).toBe(v.leafHash)
    expect(toHex(leafHashOf(v.header))).toBe(v.leafHash)
  })

  it('v2: H(salt || canonical payload), entry with "v":2 and no prevHash, hash H(0x02 || prev || leaf)', async () => {
    const v = vectors.v2
    expect(v.salt).toMatch(/^[0-9a-f]{32}$/)
    expect(canonicalize(v.payload)).toBe(v.payloadCanonical)
    expect(v.commitmentInputHex).toBe(v.salt + Buffer.from(v.payloadCanonical).toString('hex'))
    expect(sha256(Buffer.from(v.commitmentInputHex, 'hex'))).toBe(v.payloadHash)
    expect(payloadCommitment(v.payload, v.salt)).toBe(v.payloadHash)
    // The unsalted digest is not the commitment: a guess of the payload alone matches nothing.
    expect(payloadCommitment(v.payload)).not.toBe(v.payloadHash)
    expect(eventEntryText(v.header)).toBe(v.entry)
    expect(v.entry.startsWith('{"action":')).toBe(true)
    expect(v.entry).toContain('"ts":"2026-12-01T09:05:00.000Z","v":2,"visibility":')
    expect(v.entry).not.toContain('prevHash')
    expect(Buffer.byteLength(v.entry)).toBe(v.entryBytes)
    expect(sha256(Buffer.concat([Buffer.from([0]), Buffer.from(v.entry)]))).toBe(v.leafHash)
    expect(v.chainHashInputHex).toBe(`02${v.header.prevHash}${v.leafHash}`)
    expect(sha256(Buffer.from(v.chainHashInputHex, 'hex'))).toBe(v.hash)
    expect(chainHashOf(v.header)).toBe(v.hash)
    expect(v.header.prevHash).toBe(vectors.v1.hash)
    // The server seals the same bytes, given the same salt.
    const { payloadHash: _p, v: _v, ...rest } = v.header
    const { event, row } = await sealEvent(rest, v.payload, Buffer.from(v.salt, 'hex'))
    expect(event).toMatchObject({ v: 2, payloadHash: v.payloadHash, hash: v.hash })
    expect(row).toMatchObject({ entry_version: 2, payload_salt: v.salt })
    expect(toHex(leafHashOf(event))).toBe(v.leafHash)
  })

  it('a chain of the v1 entry, then the v2 entry whole or opaque, verifies', () => {
    const first = { ...vectors.v1.header, hash: vectors.v1.hash, payload: vectors.v1.payload }
    const whole = {
      ...vectors.v2.header,
      hash: vectors.v2.hash,
      payload: vectors.v2.payload,
      payloadSalt: vectors.v2.salt,
    }
    const { type: _t, ...opaque } = vectors.v2.opaque
    for (const second of [whole, { opaque: true as const, ...opaque }]) {
      const chain = new ChainVerifier({ seq: 1, hash: vectors.v1.header.prevHash })
      expect(chain.pushSync(first)).toBe(true)
      expect(chain.pushSync(second)).toBe(true)
      expect(chain.result()).toMatchObject({ ok: true, headSeq: 3, headHash: vectors.v2.hash })
    }
    // Without its salt, or with another, the payload no longer matches.
    const bad = new ChainVerifier({ seq: 2, hash: vectors.v1.hash })
    const { payloadSalt: _s, ...unsalted } = whole
    expect(bad.pushSync(unsalted)).toBe(false)
    expect(bad.result()).toMatchObject({ ok: false, reason: 'payload_hash_mismatch' })
  })
})
