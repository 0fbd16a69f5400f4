/**
 * The server writes a v2 entry's text directly (server/audit/ledger-row.ts `v2EntryText`): it must
 * be byte for byte the RFC 8785 text of shared/ledger-hash.ts, and refuse what that refuses.
 */
import { describe, expect, it } from 'vitest'
import { sealCanonical, v2EntryText } from '../../server/audit/ledger-row'
import { canonicalize } from '../../shared/canonical-json'
import {
  chainHashOf,
  ENTRY_V2,
  eventEntryText,
  type LedgerEventHeader,
  leafHashHex,
  payloadTextCommitment,
} from '../../shared/ledger-hash'

const base: LedgerEventHeader = {
  v: ENTRY_V2,
  seq: 42,
  ts: '2026-12-07T10:15:00.123Z',
  partnershipId: 'b3c1e7a0-0000-4000-8000-000000000001',
  actorId: 'u-1',
  actorParty: 'HONDA',
  action: 'proposal.submitted',
  entityType: 'proposal',
  entityId: 'p-1',
  visibility: 'party:HONDA',
  payloadHash: 'ab'.repeat(32),
  prevHash: 'cd'.repeat(32),
}

const strings = [
  '',
  'plain',
  'quote " backslash \\ slash /',
  'control \u0000 \u0007 \b \f \n \r \t \u001f \u007f',
  '日本語の提案 — ünïcödé',
  'emoji 😀 and a pair \ud83d\ude00',
  '\u2028 line separators \u2029',
]

describe('the v2 entry text written directly', () => {
  it('is the RFC 8785 text of every header, strings and nulls of every kind', () => {
    const headers: LedgerEventHeader[] = [base]
    for (const s of strings) {
      for (const field of [
        'ts',
        'partnershipId',
        'actorId',
        'actorParty',
        'action',
        'entityType',
        'entityId',
        'visibility',
        'payloadHash',
      ] as const) {
        headers.push({ ...base, [field]: s })
      }
    }
    for (const field of ['partnershipId', 'actorId', 'actorParty'] as const)
      headers.push({ ...base, [field]: null })
    for (const seq of [0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER]) headers.push({ ...base, seq })
    for (const header of headers) expect(v2EntryText(header)).toBe(eventEntryText(header))
  })

  it('refuses a lone surrogate as RFC 8785 does, and leaves other forms to the general code', () => {
    expect(() => v2EntryText({ ...base, entityId: 'lone \ud800' })).toThrow(/lone surrogate/)
    expect(() => eventEntryText({ ...base, entityId: 'lone \ud800' })).toThrow(/lone surrogate/)
    const v1 = { ...base, v: undefined }
    expect(v2EntryText(v1)).toBe(eventEntryText(v1))
    expect(() => v2EntryText({ ...base, seq: Number.NaN })).toThrow()
  })

  it('seals with the bytes shared/ledger-hash.ts hashes: payload commitment, leaf, chain', () => {
    const payload = { before: null, after: { body: strings.join('|'), n: 1.5 } }
    const salt = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
    const { seq, ts, partnershipId, actorId, actorParty, action, entityType, entityId } = base
    const { event, row, leafHash } = sealCanonical(
      {
        seq,
        ts,
        partnershipId,
        actorId,
        actorParty,
        action,
        entityType,
        entityId,
        visibility: base.visibility,
        prevHash: base.prevHash,
      },
      canonicalize(payload),
      salt,
    )
    expect(event.payloadHash).toBe(
      payloadTextCommitment(canonicalize(payload), salt.toString('hex')),
    )
    expect(leafHash.toString('hex')).toBe(leafHashHex(event))
    expect(event.hash).toBe(chainHashOf(event))
    expect(row.payload).toBe(canonicalize(payload))
  })
})
