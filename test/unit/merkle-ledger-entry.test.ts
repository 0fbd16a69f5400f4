/**
 * The worked example of docs/ledger-spec.md §2.2 for a v1 entry (written before migration 0015):
 * its entry bytes, its chain hash and its Merkle leaf hash, with the values printed in the spec.
 * The server's hashing (node:crypto) and the shared one agree on them. The v2 (salted) example is
 * test/unit/ledger-entry-vectors.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { sealEvent } from '../../server/audit/ledger-row'
import { leafHashOf } from '../../server/audit/tree'
import { canonicalize } from '../../shared/canonical-json'
import {
  eventEntry,
  eventEntryText,
  hashEvent,
  hashPayload,
  type LedgerEventHeader,
  payloadCommitment,
} from '../../shared/ledger-hash'
import { defaultHasher, toHex } from '../../shared/merkle'

const payload = { before: null, after: { title: 'Cell supply' } }
const header: LedgerEventHeader = {
  seq: 2,
  ts: '2026-12-01T09:00:00.000Z',
  partnershipId: '7a1c7f0e-0000-4000-8000-000000000001',
  actorId: null,
  actorParty: 'HONDA',
  action: 'proposal.submitted',
  entityType: 'proposal',
  entityId: 'p-1',
  visibility: 'joint',
  payloadHash: '62350054559bc04beeb91db06444e53655aa7c51c4a832c2d2ce313327781e1d',
  prevHash: '0'.repeat(64),
}

describe('the ledger entry (ledger-spec §2.2)', () => {
  it('is the RFC 8785 header; its SHA-256 is the chain hash, SHA-256(0x00 || it) the leaf', async () => {
    expect(canonicalize(payload)).toBe('{"after":{"title":"Cell supply"},"before":null}')
    expect(await hashPayload(payload)).toBe(header.payloadHash)
    expect(eventEntryText(header)).toBe(
      '{"action":"proposal.submitted","actorId":null,"actorParty":"HONDA","entityId":"p-1","entityType":"proposal","partnershipId":"7a1c7f0e-0000-4000-8000-000000000001","payloadHash":"62350054559bc04beeb91db06444e53655aa7c51c4a832c2d2ce313327781e1d","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":2,"ts":"2026-12-01T09:00:00.000Z","visibility":"joint"}',
    )
    expect(eventEntry(header).length).toBe(383)
    expect(await hashEvent(header)).toBe(
      '1a274d205b9d4b9bc12587b9e08b0579f2a9eba055babd6d6aec33fe7d98e8fe',
    )
    const leaf = 'ab007c495e64d0cf743fc21ffdb007b051a441007cff6600fc3dd0704e3f76d7'
    expect(toHex(defaultHasher.leaf(eventEntry(header)))).toBe(leaf)
    expect(toHex(leafHashOf(header))).toBe(leaf)
  })

  it('new events are sealed as v2 by the server, hashed alike by the shared code', async () => {
    const { payloadHash: _p, ...rest } = header
    const { event } = await sealEvent(rest, payload)
    expect(event.v).toBe(2)
    expect(event.payloadSalt).toMatch(/^[0-9a-f]{32}$/)
    // Salted: never the unsalted digest a guesser could compute.
    expect(event.payloadHash).not.toBe(header.payloadHash)
    expect(event.payloadHash).toBe(payloadCommitment(payload, event.payloadSalt))
    expect(event.hash).toBe(await hashEvent(event))
  })
})
