import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { nodeSha256 } from '../../server/audit/ledger-row'
import { canonicalize } from '../../shared/canonical-json'
import {
  bytesToHex,
  ChainVerifier,
  chainHashOf,
  defaultSha256,
  eventEntryText,
  GENESIS_HASH,
  hashEvent,
  hashPayload,
  type LedgerEvent,
  type LedgerEventHeader,
  leafHashHex,
  type Sha256,
  sha256Hex,
  verifyChain,
} from '../../shared/ledger-hash'

/** Builds a chain the way server/audit/ledger.ts does, without a database. */
async function buildChain(payloads: unknown[]): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = []
  let prevHash = GENESIS_HASH
  for (const [index, payload] of payloads.entries()) {
    const header = {
      seq: index + 1,
      ts: new Date(Date.UTC(2026, 10, 1, 9, 0, index)).toISOString(),
      partnershipId: '7a1c7f0e-3f43-4b1e-9d55-1f1d9a0b6c01',
      actorId: index % 2 ? '0b0c2f7e-6d3c-4f7e-a5d2-7c1f0e9b8a11' : null,
      actorParty: index % 2 ? 'HONDA' : null,
      action: 'charter.item_added',
      entityType: 'charter_item',
      entityId: `item-${index + 1}`,
      visibility: index === 2 ? 'party:NISSAN' : 'joint',
      payloadHash: await hashPayload(payload),
      prevHash,
    }
    const hash = await hashEvent(header)
    events.push({ ...header, hash, payload })
    prevHash = hash
  }
  return events
}

const clone = (events: LedgerEvent[]): LedgerEvent[] => structuredClone(events)

describe('ledger hash chain', () => {
  let chain: LedgerEvent[]
  beforeAll(async () => {
    chain = await buildChain([
      { before: null, after: { code: 'CON-1', title: 'No capital merger' } },
      { before: null, after: { code: 'ST-1', terms: { en: ['rebadge'], ja: ['リバッジ'] } } },
      { before: { draft: 'internal' }, after: { draft: 'Nissan only' } },
      { before: null, after: { amount: 1.5, list: [1, 2, 3] } },
      { before: { status: 'active' }, after: { status: 'disabled' } },
    ])
  })

  it('hashes with SHA-256 over the RFC 8785 text', async () => {
    // FIPS 180-2 test vector.
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(await hashPayload({ b: 1, a: 2 })).toBe(await sha256Hex('{"a":2,"b":1}'))
    const header = { ...chain[0] } as Partial<LedgerEvent>
    delete header.hash
    delete header.payload
    expect(await hashEvent(header as LedgerEvent)).toBe(
      await sha256Hex(canonicalize(header as Record<string, unknown>)),
    )
  })

  it('verifies an untouched chain and reports its head', async () => {
    const result = await verifyChain(chain)
    expect(result).toEqual({ ok: true, count: 5, headSeq: 5, headHash: chain[4]?.hash })
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH)
  })

  it('verifies the empty chain', async () => {
    expect(await verifyChain([])).toEqual({
      ok: true,
      count: 0,
      headSeq: 0,
      headHash: GENESIS_HASH,
    })
  })

  it('verifies a redacted view in which payloads are removed but payload hashes kept', async () => {
    const redacted = clone(chain)
    for (const event of redacted) if (event.visibility !== 'joint') delete event.payload
    delete redacted[0]?.payload
    expect(redacted[2]?.payload).toBeUndefined()
    expect((await verifyChain(redacted)).ok).toBe(true)
  })

  it('names a changed payload byte', async () => {
    const tampered = clone(chain)
    ;((tampered[1] as LedgerEvent).payload as { after: { code: string } }).after.code = 'ST-2'
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 2,
      reason: 'payload_hash_mismatch',
      count: 1,
    })
  })

  it.each([
    ['ts', '2026-11-01T09:00:03.001Z'],
    ['actorId', '0b0c2f7e-6d3c-4f7e-a5d2-7c1f0e9b8a12'],
    ['actorParty', 'NISSAN'],
    ['action', 'charter.item_retired'],
    ['entityType', 'workstream'],
    ['entityId', 'item-99'],
    ['visibility', 'party:HONDA'],
    ['partnershipId', null],
    ['payloadHash', '0'.repeat(64)],
    ['hash', 'f'.repeat(64)],
  ] as const)('names a changed header field (%s)', async (field, value) => {
    const tampered = clone(chain)
    const event = tampered[3] as unknown as Record<string, unknown>
    event[field] = value
    // Changing the payload hash alone is caught by the payload check; on a redacted view (no
    // payload to compare) the event hash still catches it.
    if (field === 'payloadHash') delete event.payload
    const result = await verifyChain(tampered)
    expect(result).toMatchObject({ ok: false, seq: 4, reason: 'hash_mismatch', count: 3 })
  })

  it('names a forged payload hash when the payload is present', async () => {
    const tampered = clone(chain)
    ;(tampered[3] as LedgerEvent).payloadHash = '0'.repeat(64)
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 4,
      reason: 'payload_hash_mismatch',
    })
  })

  it('names a deleted event as a gap at the event after it', async () => {
    const tampered = clone(chain)
    tampered.splice(2, 1)
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 4,
      reason: 'gap',
      count: 2,
    })
  })

  it('names a deleted last event as nothing at all: the head moves back (checkpoints catch that)', async () => {
    const result = await verifyChain(chain.slice(0, 4))
    expect(result).toMatchObject({ ok: true, headSeq: 4 })
  })

  it('names two swapped events as reordered', async () => {
    const tampered = clone(chain)
    const [second, third] = [tampered[1] as LedgerEvent, tampered[2] as LedgerEvent]
    tampered[1] = third
    tampered[2] = second
    const result = await verifyChain(tampered)
    expect(result).toMatchObject({ ok: false, seq: 3, reason: 'reordered', count: 1 })
    expect(result.ok || result.message).toMatch(/out of order/)
  })

  it('names a duplicated event as reordered', async () => {
    const tampered = [...clone(chain).slice(0, 3), clone(chain)[1] as LedgerEvent]
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 2,
      reason: 'reordered',
      count: 3,
    })
  })

  it('names an event whose contents were swapped under the same sequence numbers', async () => {
    // Rows read back "order by seq" cannot be out of order; swapping their contents instead
    // breaks the link.
    const tampered = clone(chain)
    const second = tampered[1] as LedgerEvent
    const third = tampered[2] as LedgerEvent
    tampered[1] = { ...third, seq: 2 }
    tampered[2] = { ...second, seq: 3 }
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 2,
      reason: 'prev_hash_mismatch',
    })
  })

  it('names a changed previous hash', async () => {
    const tampered = clone(chain)
    ;(tampered[4] as LedgerEvent).prevHash = (tampered[2] as LedgerEvent).hash
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 5,
      reason: 'prev_hash_mismatch',
      count: 4,
    })
  })

  it('names a rewritten event whose hash was recomputed: the next event no longer links', async () => {
    const tampered = clone(chain)
    const event = tampered[1] as LedgerEvent
    event.payload = { before: null, after: { code: 'ST-1', terms: { en: [], ja: [] } } }
    event.payloadHash = await hashPayload(event.payload)
    event.hash = await hashEvent(event)
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      seq: 3,
      reason: 'prev_hash_mismatch',
    })
  })

  it('verifies page by page from a known head, and stops at the first break', async () => {
    const verifier = new ChainVerifier({ seq: 2, hash: (chain[1] as LedgerEvent).hash })
    for (const event of chain.slice(2)) expect(await verifier.push(event)).toBe(true)
    expect(verifier.result()).toMatchObject({ ok: true, count: 3, headSeq: 5 })

    const broken = new ChainVerifier()
    const tampered = clone(chain)
    ;(tampered[1] as LedgerEvent).ts = 'yesterday'
    const outcomes = []
    for (const event of tampered) outcomes.push(await broken.push(event))
    expect(outcomes).toEqual([true, false, false, false, false])
    expect(broken.failed).toBe(true)
    expect(broken.result()).toMatchObject({ ok: false, seq: 2, reason: 'hash_mismatch' })
  })

  it("gives the same verdicts with the server's synchronous node:crypto hasher", async () => {
    const feed = async (events: LedgerEvent[], sha?: Sha256) => {
      const v = new ChainVerifier(undefined, sha)
      for (const e of events) if (!(await v.push(e))) break
      return v.result()
    }
    const abc = new TextEncoder().encode('abc')
    expect(Buffer.from(nodeSha256(abc)).toString('hex')).toBe(await sha256Hex('abc'))
    expect(Buffer.from(nodeSha256(abc))).toEqual(Buffer.from(defaultSha256(abc)))
    expect(await feed(chain, nodeSha256)).toEqual(await feed(chain))
    const payloadChanged = clone(chain)
    ;(payloadChanged[1] as LedgerEvent).payload = { changed: true }
    const headerChanged = clone(chain)
    ;(headerChanged[3] as LedgerEvent).actorParty = 'NISSAN'
    for (const broken of [payloadChanged, headerChanged]) {
      const result = await feed(broken, nodeSha256)
      expect(result.ok).toBe(false)
      expect(result).toEqual(await feed(broken))
    }
  })

  it('hashes every entry as RFC 8785 does, whatever its fields hold (the fast path and the encoder agree)', () => {
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
    const enc = new TextEncoder()
    /** The leaf and chain hashes as the specification words them, with the general encoder. */
    const reference = (h: LedgerEventHeader) => {
      const common = {
        seq: h.seq,
        ts: h.ts,
        partnershipId: h.partnershipId,
        actorId: h.actorId,
        actorParty: h.actorParty,
        action: h.action,
        entityType: h.entityType,
        entityId: h.entityId,
        visibility: h.visibility,
        payloadHash: h.payloadHash,
      }
      const entry = enc.encode(
        h.v === 2
          ? canonicalize({ v: 2, ...common })
          : canonicalize({ ...common, prevHash: h.prevHash }),
      )
      const leaf = sha(Buffer.concat([Buffer.from([0]), entry]))
      const hash =
        h.v === 2
          ? sha(
              Buffer.concat([
                Buffer.from([2]),
                Buffer.from(h.prevHash, 'hex'),
                Buffer.from(leaf, 'hex'),
              ]),
            )
          : sha(entry)
      return { leaf, hash }
    }
    const tricky = fc.constantFrom(
      'plain',
      'a "quoted" word',
      'back\\slash',
      'line\nbreak and tab\t and \u0001',
      '\u007f and \u2028',
      'テスト・日本語',
      '😀 outside the BMP',
      '\ufffd the replacement character',
      '',
    )
    const text = fc.oneof(tricky, fc.string({ unit: 'grapheme' }), fc.string())
    const header = fc.record({
      v: fc.constantFrom(2 as const, undefined),
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      ts: text,
      partnershipId: fc.option(text),
      actorId: fc.option(text),
      actorParty: fc.option(text),
      action: text,
      entityType: text,
      entityId: text,
      visibility: text,
      payloadHash: text,
      prevHash: fc.constant(GENESIS_HASH),
    })
    fc.assert(
      fc.property(header, (raw) => {
        const h = (
          raw.v === undefined ? (({ v: _v, ...rest }) => rest)(raw) : raw
        ) as LedgerEventHeader
        const want = reference(h)
        expect(leafHashHex(h, nodeSha256)).toBe(want.leaf)
        expect(leafHashHex(h)).toBe(want.leaf)
        expect(chainHashOf(h, nodeSha256)).toBe(want.hash)
        for (const sha of [nodeSha256, defaultSha256]) {
          const chain = new ChainVerifier({ seq: h.seq - 1, hash: GENESIS_HASH }, sha)
          expect(chain.pushSync({ ...h, hash: want.hash })).toBe(true)
          expect(chain.lastLeaf?.leafHash).toBe(want.leaf)
          expect(bytesToHex(chain.lastLeafBytes as Uint8Array)).toBe(want.leaf)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('refuses an entry with a lone surrogate as the encoder does, whichever hasher', () => {
    const h: LedgerEventHeader = {
      v: 2,
      seq: 1,
      ts: 't',
      partnershipId: null,
      actorId: null,
      actorParty: null,
      action: 'a\ud800',
      entityType: 'e',
      entityId: 'i',
      visibility: 'joint',
      payloadHash: 'p',
      prevHash: GENESIS_HASH,
    }
    expect(() => leafHashHex(h, nodeSha256)).toThrow(/lone surrogate/)
    expect(() => leafHashHex(h)).toThrow(/lone surrogate/)
    expect(() => eventEntryText(h)).toThrow(/lone surrogate/)
  })
})
