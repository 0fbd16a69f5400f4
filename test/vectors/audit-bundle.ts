/**
 * The audit bundle vector (docs/ledger-spec.md §9, §10.1; ADR 0035): a complete small version 3
 * bundle from fixed inputs (keys from fixed seeds, fixed salts and times; Ed25519 is
 * deterministic), and tampered variants, each with the verdict a verifier must reach.
 * `npx tsx test/vectors/audit-bundle.ts` writes test/vectors/audit-bundle.json;
 * test/unit/audit-bundle-vector.test.ts rebuilds it byte for byte and checks every verdict with
 * the shipped verifier, so neither the file nor the verifier can drift.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { sealEvent } from '../../server/audit/ledger-row'
import { eventLine, headerLine, opaqueLine, treeCheckpointLine } from '../../shared/audit-bundle'
import { treeOrigin, treeVerifierKey } from '../../shared/bundle-trees'
import {
  GENESIS_HASH,
  type LedgerEvent,
  leafHashHex,
  logOfEvent,
  opaqueOf,
} from '../../shared/ledger-hash'
import { defaultHasher, fromHex, TreeBuilder } from '../../shared/merkle'
import {
  cosignatureSigner,
  formatCheckpoint,
  formatVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signerKey,
  signNote,
} from '../../shared/signed-note'

export type Expected =
  | { refused: true }
  | { ok: false; reason: string }
  | {
      ok: true
      treeCheckpoints: { log: string; size: number; cosignedBy: (string | null)[] }[]
      trees: { log: string; size: number; witnessedSize: number; afterWitnessed: number }[]
    }

export interface BundleVectorCase {
  name: string
  why: string
  bundle: string
  expect: Expected
}

const DEPLOYMENT = 'concord.vector.example'
const P = '0f8fad5b-d9cb-469f-a165-70867728950e'
const seed = (byte: number) => new Uint8Array(32).fill(byte)

function logKeyFromSeed(bytes: Uint8Array) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), bytes])
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  const pub = createPublicKey(privateKey)
  const spkiDer = pub.export({ type: 'spki', format: 'der' })
  return {
    privateKey,
    publicKey: {
      algorithm: 'Ed25519' as const,
      keyId: createHash('sha256').update(spkiDer).digest('hex'),
      spki: spkiDer.toString('base64'),
      pem: pub.export({ type: 'spki', format: 'pem' }).toString(),
    },
  }
}

export async function buildAuditBundleVector() {
  const log = logKeyFromSeed(seed(1))
  const honda = await signerKey('witness.honda.example', SIGNATURE_TYPE_COSIGNATURE_V1, seed(2))
  const nissan = await signerKey('witness.nissan.example', SIGNATURE_TYPE_COSIGNATURE_V1, seed(3))
  const stranger = await signerKey('witness.other.example', SIGNATURE_TYPE_COSIGNATURE_V1, seed(4))

  // Nine events: one of the deployment's tree, eight of partnership P's; event 5 is Nissan's
  // private step, which this bundle's viewer (a Honda member) holds as an opaque line.
  const specs: [string | null, string, string, string, string, unknown][] = [
    [
      null,
      'HONDA',
      'user.created',
      'user',
      'u-honda',
      { after: { email: 'member@honda.example' } },
    ],
    [P, 'HONDA', 'partnership.created', 'partnership', P, { after: { name: 'EV battery' } }],
    [P, 'HONDA', 'proposal.created', 'proposal', 'p-1', { after: { title: 'Cell supply' } }],
    [P, 'HONDA', 'proposal.submitted', 'proposal', 'p-1', { after: { version: 1 } }],
    [P, 'NISSAN', 'proposal.created', 'proposal', 'p-2', { after: { title: 'Draft' } }],
    [P, 'NISSAN', 'review.recorded', 'proposal', 'p-1', { after: { verdict: 'approve' } }],
    [P, 'HONDA', 'signoff.recorded', 'proposal', 'p-1', { after: { party: 'HONDA' } }],
    [P, 'NISSAN', 'signoff.recorded', 'proposal', 'p-1', { after: { party: 'NISSAN' } }],
    [P, 'HONDA', 'comment.added', 'proposal', 'p-1', { after: { body: 'Thanks' } }],
  ]
  const events: LedgerEvent[] = []
  let prev = GENESIS_HASH
  for (const [
    i,
    [partnershipId, party, action, entityType, entityId, payload],
  ] of specs.entries()) {
    const seq = i + 1
    const salt = Buffer.alloc(16, seq)
    const { event } = await sealEvent(
      {
        seq,
        ts: `2026-12-01T09:00:0${seq}.000Z`,
        partnershipId,
        actorId: `u-${party.toLowerCase()}`,
        actorParty: party,
        action,
        entityType,
        entityId,
        visibility: seq === 5 ? 'party:NISSAN' : 'joint',
        prevHash: prev,
      },
      payload,
      salt,
    )
    events.push({ ...event, payload })
    prev = event.hash
  }
  const lines = events.map((e) => (e.seq === 5 ? opaqueLine(opaqueOf(e)) : eventLine(e)))

  // The trees as the entries make them, and a checkpoint of each: P's at 7 entries (events 2–8),
  // cosigned by both witnesses; the deployment's at 1 entry, no witness.
  const roots = new Map<string, TreeBuilder>()
  const rootsAt = new Map<string, Uint8Array>()
  for (const e of events) {
    const l = logOfEvent(e)
    const t = roots.get(l) ?? new TreeBuilder(defaultHasher)
    roots.set(l, t)
    t.append(fromHex(leafHashHex(e)))
    rootsAt.set(`${l}@${t.size}`, t.root())
  }
  const checkpointNote = async (
    l: string,
    size: number,
    rootHash: Uint8Array,
    cosigners: (typeof honda)[],
  ) => {
    const origin = treeOrigin(DEPLOYMENT, l)
    const vkey = treeVerifierKey(origin, log.publicKey.spki)
    const text = formatCheckpoint({ origin, size, rootHash, extensions: [] })
    let note = await signNote(text, [
      {
        name: origin,
        keyId: vkey.keyId,
        sign: async (t) => new Uint8Array(sign(null, t, log.privateKey)),
      },
    ])
    for (const w of cosigners)
      note += (await signNote(text, [cosignatureSigner(w, () => 1796112000)])).slice(
        text.length + 1,
      )
    return note
  }
  const pNote = await checkpointNote(P, 7, rootsAt.get(`${P}@7`) as Uint8Array, [honda, nissan])
  const dNote = await checkpointNote('deployment', 1, rootsAt.get('deployment@1') as Uint8Array, [])
  const witnesses = [
    { log: P, vkey: formatVerifierKey(honda), party: 'HONDA' },
    { log: P, vkey: formatVerifierKey(nissan), party: 'NISSAN' },
  ]
  const header = (over: Record<string, unknown> = {}) =>
    headerLine({
      exportedAt: '2026-12-01T10:00:00.000Z',
      viewer: { email: 'member@honda.example', party: 'HONDA', full: false },
      headSeq: 9,
      headHash: prev,
      events: 9,
      checkpoints: 0,
      publicKey: log.publicKey,
      formerKeys: [],
      deployment: DEPLOYMENT,
      treeCheckpoints: 2,
      witnesses,
      ...over,
    })
  const bundle = (h: string, trees: string[], body: string[]) =>
    `${[h, ...trees, ...body].join('\n')}\n`
  const cleanTrees = [treeCheckpointLine('deployment', dNote), treeCheckpointLine(P, pNote)]
  const clean = bundle(header(), cleanTrees, lines)

  // A root the log key signed but the entries do not make: what only the key holder can forge.
  const forgedRoot = new Uint8Array(32).fill(7)
  const forged = await checkpointNote(P, 7, forgedRoot, [])
  const cosignLines = pNote
    .slice(pNote.indexOf('\n\n') + 2)
    .split('\n')
    .filter(Boolean)
  const [logSigLine, hondaLine, nissanLine] = cosignLines as [string, string, string]
  const flip = (line: string) => {
    const sig = line.slice(line.lastIndexOf(' ') + 1)
    const bytes = Buffer.from(sig, 'base64')
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1
    return `${line.slice(0, line.lastIndexOf(' ') + 1)}${bytes.toString('base64')}`
  }
  const withLines = (...sigs: string[]) => {
    const text = pNote.slice(0, pNote.indexOf('\n\n') + 2)
    return `${text}${sigs.map((s) => `${s}\n`).join('')}`
  }

  const ok: Expected = {
    ok: true,
    treeCheckpoints: [
      { log: 'deployment', size: 1, cosignedBy: [] },
      { log: P, size: 7, cosignedBy: ['HONDA', 'NISSAN'] },
    ],
    trees: [
      { log: 'deployment', size: 1, witnessedSize: 0, afterWitnessed: 1 },
      { log: P, size: 8, witnessedSize: 7, afterWitnessed: 1 },
    ],
  }
  const cut = lines.slice(0, 6)
  const cases: BundleVectorCase[] = [
    {
      name: 'clean',
      why: 'verifies: both roots reproduced, both witnesses cosign P at 7 entries; 1 entry of P after it',
      bundle: clean,
      expect: ok,
    },
    {
      name: 'root-forged-by-log-key',
      why: "P's checkpoint signed by the log key over a root the entries do not make",
      bundle: bundle(header(), [cleanTrees[0] as string, treeCheckpointLine(P, forged)], lines),
      expect: { ok: false, reason: 'tree_mismatch' },
    },
    {
      name: 'root-edited',
      why: "P's checkpoint text edited (its root): the root is not the entries' (checked first, at the entry completing the size); its signature would fail too",
      bundle: clean.replace(
        Buffer.from(rootsAt.get(`${P}@7`) as Uint8Array).toString('base64'),
        Buffer.from(forgedRoot).toString('base64'),
      ),
      expect: { ok: false, reason: 'tree_mismatch' },
    },
    {
      name: 'cosignature-flipped',
      why: "one bit of Nissan's witness's cosignature changed: a known witness's line must verify",
      bundle: bundle(
        header(),
        [
          cleanTrees[0] as string,
          treeCheckpointLine(P, withLines(logSigLine, hondaLine, flip(nissanLine))),
        ],
        lines,
      ),
      expect: { ok: false, reason: 'bad_signature' },
    },
    {
      name: 'cosignature-dropped',
      why: "Nissan's cosignature left out: still verifies, but P is witnessed by Honda only (witnessedSize 0)",
      bundle: bundle(
        header(),
        [cleanTrees[0] as string, treeCheckpointLine(P, withLines(logSigLine, hondaLine))],
        lines,
      ),
      expect: {
        ok: true,
        treeCheckpoints: [
          { log: 'deployment', size: 1, cosignedBy: [] },
          { log: P, size: 7, cosignedBy: ['HONDA'] },
        ],
        trees: [
          { log: 'deployment', size: 1, witnessedSize: 0, afterWitnessed: 1 },
          { log: P, size: 8, witnessedSize: 0, afterWitnessed: 8 },
        ],
      },
    },
    {
      name: 'stranger-cosignature',
      why: 'a cosignature by a key the bundle does not name is ignored (signed-note), not counted',
      bundle: bundle(
        header(),
        [
          cleanTrees[0] as string,
          treeCheckpointLine(
            P,
            withLines(
              logSigLine,
              hondaLine,
              nissanLine,
              (
                await signNote(pNote.slice(0, pNote.indexOf('\n\n') + 1), [
                  cosignatureSigner(stranger, () => 1796112000),
                ])
              )
                .split('\n\n')[1]
                ?.trim() ?? '',
            ),
          ),
        ],
        lines,
      ),
      expect: ok,
    },
    {
      name: 'tail-cut',
      why: 'events 7–9 cut and the header made to agree: the signed checkpoint of P holds 7 entries, the bundle 4',
      bundle: bundle(header({ headSeq: 6, events: 6, headHash: events[5]?.hash }), cleanTrees, cut),
      expect: { ok: false, reason: 'tree_mismatch' },
    },
    {
      name: 'tree-checkpoint-removed',
      why: "P's tree checkpoint line removed, the header still says 2",
      bundle: bundle(header(), [cleanTrees[0] as string], lines),
      expect: { ok: false, reason: 'header_mismatch' },
    },
    {
      name: 'other-deployment',
      why: 'the header names another deployment: the origins differ, so the checkpoints are not this log',
      bundle: bundle(header({ deployment: 'concord.staging.example' }), cleanTrees, lines),
      expect: { ok: false, reason: 'bad_signature' },
    },
    {
      name: 'unknown-member',
      why: 'a member no hash covers, in a tree-checkpoint line: the bundle is refused',
      bundle: clean.replace(
        '{"type":"tree-checkpoint",',
        '{"type":"tree-checkpoint","witnessed":true,',
      ),
      expect: { refused: true },
    },
    {
      name: 'tree-checkpoint-after-events',
      why: 'a tree-checkpoint line after an event line: refused',
      bundle: bundle(header(), [cleanTrees[0] as string], [...lines, cleanTrees[1] as string]),
      expect: { refused: true },
    },
  ]
  return {
    source:
      'Generated by this project (docs/ledger-spec.md §10.1, ADR 0035) from fixed inputs by test/vectors/audit-bundle.ts; checked by test/unit/audit-bundle-vector.test.ts. Keys come from fixed seeds (log key: 32 bytes of 0x01; witnesses: 0x02, 0x03; a stranger: 0x04).',
    deployment: DEPLOYMENT,
    partnership: P,
    keys: {
      logSpki: log.publicKey.spki,
      logVkeys: {
        [P]: formatVerifierKey(treeVerifierKey(treeOrigin(DEPLOYMENT, P), log.publicKey.spki)),
        deployment: formatVerifierKey(
          treeVerifierKey(treeOrigin(DEPLOYMENT, 'deployment'), log.publicKey.spki),
        ),
      },
      witnesses,
    },
    cases,
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const vector = await buildAuditBundleVector()
  writeFileSync(
    path.join(import.meta.dirname, 'audit-bundle.json'),
    `${JSON.stringify(vector, null, 2)}\n`,
  )
  console.log(`wrote ${vector.cases.length} cases`)
}
