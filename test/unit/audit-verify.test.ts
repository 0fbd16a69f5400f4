import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  checkpointLine,
  eventLine,
  headerLine,
  opaqueLine,
  scanMembers,
  verifyBundleLines,
} from '../../shared/audit-bundle'
import {
  AuditVerifier,
  type Checkpoint,
  type CheckpointBody,
  checkpointSigningBytes,
  describeReport,
  hashCheckpoint,
  keyIdOf,
} from '../../shared/audit-verify'
import {
  chainHashOf,
  ENTRY_V2,
  GENESIS_HASH,
  hashEvent,
  hashPayload,
  type LedgerEvent,
  type LedgerEventHeader,
  opaqueOf,
  payloadCommitment,
} from '../../shared/ledger-hash'

const { privateKey } = generateKeyPairSync('ed25519')
const spkiDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
const publicKey = { spki: spkiDer.toString('base64') }

async function chain(n: number): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = []
  let prevHash = GENESIS_HASH
  for (let seq = 1; seq <= n; seq++) {
    const payload = { before: null, after: { n: seq } }
    const header = {
      seq,
      ts: new Date(1_700_000_000_000 + seq).toISOString(),
      partnershipId: null,
      actorId: null,
      actorParty: null,
      action: 'user.created',
      entityType: 'user',
      entityId: `u${seq}`,
      visibility: seq % 4 === 0 ? 'party:HONDA' : 'joint',
      payloadHash: await hashPayload(payload),
      prevHash,
    }
    prevHash = await hashEvent(header)
    events.push({ ...header, hash: prevHash, payload })
  }
  return events
}

async function checkpoint(number: number, at: LedgerEvent, prev: string): Promise<Checkpoint> {
  const body: CheckpointBody = {
    number,
    seq: at.seq,
    headHash: at.hash,
    ts: at.ts,
    prevCheckpointHash: prev,
    keyId: await keyIdOf(new Uint8Array(spkiDer)),
  }
  return {
    ...body,
    hash: await hashCheckpoint(body),
    signature: sign(null, checkpointSigningBytes(body), privateKey).toString('base64'),
  }
}

async function verify(events: LedgerEvent[], checkpoints: Checkpoint[], saved: Checkpoint[] = []) {
  const v = await AuditVerifier.create({ checkpoints, saved, publicKey })
  for (const e of events) if (!(await v.push(e))) break
  return v.result()
}

describe('AuditVerifier (shared, as the browser runs it)', () => {
  it('holds for an intact chain, with redacted events and chained checkpoints', async () => {
    const events = await chain(20)
    const cp1 = await checkpoint(1, events[9] as LedgerEvent, GENESIS_HASH)
    const cp2 = await checkpoint(2, events[19] as LedgerEvent, cp1.hash)
    const redacted = events.map(({ payload, ...e }) =>
      e.visibility === 'joint' ? { ...e, payload } : e,
    )
    expect(await verify(redacted, [cp1, cp2])).toMatchObject({
      ok: true,
      headSeq: 20,
      headHash: events[19]?.hash,
      checkpoints: 2,
    })
  })

  it('names the first bad sequence and the reason', async () => {
    const events = await chain(12)
    const cp1 = await checkpoint(1, events[5] as LedgerEvent, GENESIS_HASH)
    const cp2 = await checkpoint(2, events[11] as LedgerEvent, cp1.hash)
    const cases: [string, LedgerEvent[], Checkpoint[], number, string][] = [
      [
        'payload',
        events.map((e) => (e.seq === 3 ? { ...e, payload: { x: 1 } } : e)),
        [],
        3,
        'payload_hash_mismatch',
      ],
      [
        'actor',
        events.map((e) => (e.seq === 4 ? { ...e, actorId: 'x' } : e)),
        [],
        4,
        'hash_mismatch',
      ],
      ['deleted', events.filter((e) => e.seq !== 5), [], 5, 'gap'],
      ['cut tail', events.slice(0, 8), [cp1, cp2], 9, 'checkpoint_not_on_chain'],
      ['bad signature', events, [cp1, { ...cp2, signature: cp1.signature }], 12, 'bad_signature'],
      ['checkpoint dropped', events, [cp2], 12, 'checkpoint_chain_broken'],
    ]
    for (const [name, list, cps, seq, reason] of cases)
      expect(await verify(list, cps), name).toMatchObject({ ok: false, seq, reason })
  })

  it('reads a bundle line by line and checks a saved checkpoint', async () => {
    const events = await chain(6)
    const cp = await checkpoint(1, events[5] as LedgerEvent, GENESIS_HASH)
    const lines = [
      headerLine({
        exportedAt: 'now',
        viewer: { email: null, party: null, full: true },
        headSeq: 6,
        headHash: cp.headHash,
        events: 6,
        checkpoints: 1,
        publicKey: { algorithm: 'Ed25519', keyId: cp.keyId, spki: publicKey.spki, pem: '' },
      }),
      checkpointLine(cp),
      ...events.map(eventLine),
    ]
    expect((await verifyBundleLines(lines, { saved: [cp] })).report).toMatchObject({ ok: true })
    const truncated = lines.slice(0, -2).filter((l) => !l.includes('"checkpoint"'))
    expect((await verifyBundleLines(truncated, { saved: [cp] })).report).toMatchObject({
      ok: false,
      seq: 5,
      reason: 'checkpoint_not_on_chain',
    })
    await expect(verifyBundleLines(['{"type":"event"}'])).rejects.toThrow(/header/)
  })
})

describe('the strict bundle reader (docs/ledger-spec.md, issue 12)', () => {
  async function cleanBundle() {
    const events = await chain(8)
    const cp = await checkpoint(1, events[3] as LedgerEvent, GENESIS_HASH)
    const header = {
      exportedAt: 'now',
      viewer: { email: null, party: null, full: true },
      headSeq: 8,
      headHash: events[7]?.hash as string,
      events: 8,
      checkpoints: 1,
      publicKey: {
        algorithm: 'Ed25519' as const,
        keyId: cp.keyId,
        spki: publicKey.spki,
        pem: '',
      },
    }
    return {
      events,
      cp,
      header,
      lines: [headerLine(header), checkpointLine(cp), ...events.map(eventLine)],
    }
  }

  /** Refused: either not a bundle at all, or a bundle that does not hold. */
  async function verdict(lines: string[]): Promise<string> {
    try {
      const { report } = await verifyBundleLines(lines)
      return report.ok ? 'accepted' : `broken at ${report.seq}: ${report.reason}`
    } catch (error) {
      return `refused: ${(error as Error).message}`
    }
  }

  const withEventLine = (lines: string[], seq: number, edit: (line: string) => string) =>
    lines.map((l, i) => (i === seq + 1 ? edit(l) : l))

  it('accepts the clean bundle', async () => {
    const { lines } = await cleanBundle()
    expect(await verdict(lines)).toBe('accepted')
  })

  it('refuses every tampering the issue lists, and more', async () => {
    const { lines, header, events } = await cleanBundle()
    const headerWith = (h: object) => [headerLine({ ...header, ...h }), ...lines.slice(1)]
    const cases: [string, string[], RegExp][] = [
      [
        'an unhashed member injected into an event',
        withEventLine(lines, 3, (l) =>
          l.replace('{"type":"event",', '{"type":"event","approvedBy":"ceo",'),
        ),
        /refused: line 5: the event has an unknown member "approvedBy"/,
      ],
      [
        '"redacted": true injected, the visible payload dropped',
        withEventLine(lines, 2, (l) => {
          const { payload: _p, ...rest } = JSON.parse(l)
          return JSON.stringify({ ...rest, redacted: true })
        }),
        /refused: line 4: the event has an unknown member "redacted"/,
      ],
      [
        'a payload dropped from a full-view bundle',
        withEventLine(lines, 2, (l) => {
          const { payload: _p, ...rest } = JSON.parse(l)
          return JSON.stringify(rest)
        }),
        /refused: line 4: event 2 has no payload in a full-view bundle/,
      ],
      [
        'a duplicate "action" member, the forged value first',
        withEventLine(lines, 5, (l) =>
          l.replace('"action":', '"action":"decision.issued","action":'),
        ),
        /refused: line 7 has the member "action" twice/,
      ],
      [
        'a duplicate member hidden behind a unicode escape',
        withEventLine(lines, 5, (l) => l.replace('"action":', '"\\u0061ction":"x","action":')),
        /refused: line 7 has the member "action" twice/,
      ],
      [
        'the header head hash changed',
        headerWith({ headHash: events[6]?.hash }),
        /header_mismatch/,
      ],
      ['the header head sequence changed', headerWith({ headSeq: 9 }), /header_mismatch/],
      ['the header event count changed', headerWith({ events: 7 }), /header_mismatch/],
      ['the header checkpoint count changed', headerWith({ checkpoints: 2 }), /header_mismatch/],
      [
        'the header key id changed',
        headerWith({ publicKey: { ...header.publicKey, keyId: 'f'.repeat(64) } }),
        /header_mismatch/,
      ],
      [
        'the tail cut, the header still claiming it',
        lines.slice(0, -2),
        /broken at 7: header_mismatch/,
      ],
      [
        'a malformed sequence number',
        withEventLine(lines, 4, (l) => l.replace('"seq":4', '"seq":"4"')),
        /refused: line 6: the event has a malformed member "seq"/,
      ],
      [
        'an unknown member in a checkpoint',
        lines.map((l, i) =>
          i === 1
            ? l.replace('{"type":"checkpoint",', '{"type":"checkpoint","witnessed":true,')
            : l,
        ),
        /refused: line 2: the checkpoint has an unknown member "witnessed"/,
      ],
      [
        'an unknown member in the header',
        [lines[0]?.replace('{"type":', '{"trusted":true,"type":') as string, ...lines.slice(1)],
        /refused: the header has an unknown member "trusted"/,
      ],
    ]
    for (const [name, tampered, expected] of cases)
      expect(await verdict(tampered), name).toMatch(expected)
  })

  it('hashes the payload as its canonical form, whether the line writes it canonically or not', async () => {
    const { lines } = await cleanBundle()
    const payloadOf = (l: string) => JSON.stringify(JSON.parse(l).payload)
    const cases: [string, string[], string][] = [
      [
        'the payload spaced out and its keys reordered (the same value)',
        withEventLine(lines, 3, (l) =>
          l.replace(payloadOf(l), '{ "after" : { "n" : 3 } , "before" : null }'),
        ),
        'accepted',
      ],
      [
        'the payload written canonically (hashed as it stands)',
        withEventLine(lines, 3, (l) => l.replace(payloadOf(l), '{"after":{"n":3},"before":null}')),
        'accepted',
      ],
      [
        'the payload written canonically, with another value',
        withEventLine(lines, 3, (l) => l.replace(payloadOf(l), '{"after":{"n":4},"before":null}')),
        'broken at 3: payload_hash_mismatch',
      ],
      [
        'a number written 3.0 (the same value)',
        withEventLine(lines, 3, (l) => l.replace('{"n":3}', '{"n":3.0}')),
        'accepted',
      ],
      [
        'a changed payload value',
        withEventLine(lines, 3, (l) => l.replace('{"n":3}', '{"n":4}')),
        'broken at 3: payload_hash_mismatch',
      ],
      [
        'a payload key twice, the forged value first',
        withEventLine(lines, 3, (l) => l.replace('{"n":3}', '{"n":4,"n":3}')),
        'refused: line 5 has the member "n" twice',
      ],
      [
        'a member named "payload" inside the payload',
        withEventLine(lines, 3, (l) => l.replace('{"n":3}', '{"n":3,"payload":{"n":3}}')),
        'broken at 3: payload_hash_mismatch',
      ],
    ]
    for (const [name, tampered, expected] of cases)
      expect(await verdict(tampered), name).toBe(expected)
  })
})

describe('scanMembers (one pass: duplicate keys, and the payload as the line writes it)', () => {
  it('finds a key twice at any depth, escaped or not, and only within one object', () => {
    expect(scanMembers('{"a":1,"b":{"a":2}}').twice).toBeNull()
    expect(scanMembers('{"a":1,"b":{"c":2,"c":3}}').twice).toBe('c')
    expect(scanMembers('{"a":[{"x":1},{"x":2}],"b":[{"y":1,"\\u0079":2}]}').twice).toBe('y')
    expect(scanMembers('{"a\\"b":1,"a\\"b":2}').twice).toBe('a"b')
    expect(scanMembers('{"k":"a\\\\","k2":"\\"","k":0}').twice).toBe('k')
    const many = `{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')},"k39":0}`
    expect(scanMembers(many).twice).toBe('k39')
  })

  it("gives the outer object's payload exactly as written, whatever it holds", () => {
    const payloads = [
      'null',
      '{"a":"}],:{[\\"\\\\","b":[1,{"payload":2}]}',
      '[{"x":"y"},"z"]',
      '"text, with: {braces}"',
      ' { "spaced" : true } ',
    ]
    for (const p of payloads) {
      expect(scanMembers(`{"type":"event","payload":${p},"seq":1}`).payload).toBe(p)
      expect(scanMembers(`{"type":"event","seq":1,"payload":${p}}`).payload).toBe(p)
    }
    expect(scanMembers('{"type":"event","other":{"payload":1}}').payload).toBeNull()
    expect(scanMembers('[{"payload":1}]').payload).toBeNull()
  })
})

describe('bundles of v2 entries with opaque lines (ADR 0024, ledger-spec §2.5, §10)', () => {
  /** A v2 chain: every fourth event Honda-private, and so opaque for a viewer not of Honda. */
  function chainV2(n: number): LedgerEvent[] {
    const events: LedgerEvent[] = []
    let prevHash = GENESIS_HASH
    for (let seq = 1; seq <= n; seq++) {
      const payload = { before: null, after: { n: seq } }
      const payloadSalt = seq.toString(16).padStart(32, '0')
      const header: LedgerEventHeader = {
        v: ENTRY_V2,
        seq,
        ts: new Date(1_700_000_000_000 + seq).toISOString(),
        partnershipId: null,
        actorId: null,
        actorParty: null,
        action: 'user.created',
        entityType: 'user',
        entityId: `u${seq}`,
        visibility: seq % 4 === 0 ? 'party:HONDA' : 'joint',
        payloadHash: payloadCommitment(payload, payloadSalt),
        prevHash,
      }
      prevHash = chainHashOf(header)
      events.push({ ...header, hash: prevHash, payload, payloadSalt })
    }
    return events
  }

  function bundleFor(events: LedgerEvent[], full: boolean): string[] {
    const last = events[events.length - 1] as LedgerEvent
    return [
      headerLine({
        exportedAt: 'now',
        viewer: { email: null, party: full ? null : 'NISSAN', full },
        headSeq: last.seq,
        headHash: last.hash,
        events: events.length,
        checkpoints: 0,
        publicKey: { algorithm: 'Ed25519', keyId: 'x'.repeat(64), spki: publicKey.spki, pem: '' },
      }),
      ...events.map((e) =>
        !full && e.visibility !== 'joint' ? opaqueLine(opaqueOf(e)) : eventLine(e),
      ),
    ]
  }

  async function verdict(lines: string[]): Promise<string> {
    try {
      const { report } = await verifyBundleLines(lines)
      return report.ok ? 'accepted' : `broken at ${report.seq}: ${report.reason}`
    } catch (error) {
      return `refused: ${(error as Error).message}`
    }
  }

  it('verifies with opaque lines that hold only sequence, tree and leaf hash', async () => {
    const events = chainV2(9)
    const full = bundleFor(events, true)
    // The header key id must be the key's for the header claims to hold.
    const keyId = await keyIdOf(new Uint8Array(spkiDer))
    const fix = (lines: string[]) => [
      lines[0]?.replace('x'.repeat(64), keyId) as string,
      ...lines.slice(1),
    ]
    expect(await verdict(fix(full))).toBe('accepted')
    const partial = fix(bundleFor(events, false))
    expect(await verdict(partial)).toBe('accepted')
    const opaque = partial.filter((l) => l.includes('"type":"opaque"'))
    expect(opaque).toHaveLength(2)
    for (const line of opaque)
      expect(Object.keys(JSON.parse(line)).sort()).toEqual(['leafHash', 'log', 'seq', 'type', 'v'])
    expect(partial.join('\n')).not.toContain('"u4"')
    expect(partial.join('\n')).not.toContain(events[3]?.payloadHash)
  })

  it('refuses or breaks on every tampering of opaque lines, salts and versions', async () => {
    const events = chainV2(9)
    const keyId = await keyIdOf(new Uint8Array(spkiDer))
    const fix = (lines: string[]) => [
      lines[0]?.replace('x'.repeat(64), keyId) as string,
      ...lines.slice(1),
    ]
    const lines = fix(bundleFor(events, false))
    const full = fix(bundleFor(events, true))
    const at = (list: string[], seq: number, edit: (line: string) => string) =>
      list.map((l, i) => (i === seq ? edit(l) : l))
    const cases: [string, string[], RegExp][] = [
      [
        'an actor injected into an opaque line',
        at(lines, 4, (l) => l.replace('"type":"opaque",', '"type":"opaque","actorId":"x",')),
        /refused: line 5: the opaque entry has an unknown member "actorId"/,
      ],
      [
        'an opaque line with both "v" and "hash"',
        at(lines, 4, (l) => l.replace('"v":2', `"v":2,"hash":"${'0'.repeat(64)}"`)),
        /refused: line 5: an opaque entry has either/,
      ],
      [
        'an opaque line with a duplicate "leafHash", the forged value first',
        at(lines, 4, (l) => l.replace('"leafHash":', `"leafHash":"${'a'.repeat(64)}","leafHash":`)),
        /refused: line 5 has the member "leafHash" twice/,
      ],
      [
        'an opaque leaf hash replaced',
        at(lines, 4, (l) =>
          l.replace(/"leafHash":"[0-9a-f]{64}"/, `"leafHash":"${'a'.repeat(64)}"`),
        ),
        /broken at 5: prev_hash_mismatch/,
      ],
      [
        'an opaque line in a full-view bundle',
        at(full, 4, () => lines[4] as string),
        /refused: line 5: event 4 is opaque in a full-view bundle/,
      ],
      [
        'a payload salt without its payload',
        at(lines, 2, (l) => {
          const { payload: _p, ...rest } = JSON.parse(l)
          return JSON.stringify(rest)
        }),
        /refused: line 3: event 2 has a payload salt without its payload/,
      ],
      [
        'a salt replaced',
        at(lines, 2, (l) =>
          l.replace(/"payloadSalt":"[0-9a-f]{32}"/, `"payloadSalt":"${'f'.repeat(32)}"`),
        ),
        /broken at 2: payload_hash_mismatch/,
      ],
      [
        'a v2 payload shown without its salt',
        at(lines, 2, (l) => {
          const { payloadSalt: _s, ...rest } = JSON.parse(l)
          return JSON.stringify(rest)
        }),
        /broken at 2: payload_hash_mismatch/,
      ],
      [
        'an entry downgraded to v1 (its "v" removed)',
        at(lines, 6, (l) => {
          const { v: _v, payloadSalt: _s, ...rest } = JSON.parse(l)
          return JSON.stringify(rest)
        }),
        /broken at 6: hash_mismatch/,
      ],
      [
        '"v": 3',
        at(lines, 2, (l) => l.replace('"v":2', '"v":3')),
        /refused: line 3: the event has a malformed member "v"/,
      ],
      ['an opaque line dropped', lines.filter((_, i) => i !== 4), /broken at 4: gap/],
    ]
    for (const [name, tampered, expected] of cases)
      expect(await verdict(tampered), name).toMatch(expected)
  })
})

describe('describeReport', () => {
  it('counts in words: one event, one signed checkpoint; more in the plural', () => {
    const report = { ok: true, headSeq: 1, headHash: 'a'.repeat(64), keyId: null } as const
    expect(describeReport({ ...report, events: 1, checkpoints: 1 })).toContain(
      '(1 event, 1 signed checkpoint)',
    )
    expect(describeReport({ ...report, events: 532, checkpoints: 0 })).toContain(
      '(532 events, 0 signed checkpoints)',
    )
  })
})
