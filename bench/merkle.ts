/**
 * What does the Merkle tree cost (shared/merkle.ts)? Pure computation over stored hashes held in
 * memory, with the server's SHA-256 (node:crypto); the database round trips the real server adds
 * are not measured here. Prints, as ratios within one run (the machine is shared and noisy):
 *   - an inclusion proof in a tree of 1,000,000 leaves vs in a tree of 1,000 (target ≤ 3×);
 *   - appending with tree maintenance (the stored hashes a leaf completes) vs encoding and hashing
 *     the entry alone (target ≥ 0.5× the rate; a real append adds database writes to both);
 *   - a full offline check: hashing every entry and computing the root vs only hashing them;
 *   - verifying an inclusion proof at both sizes (a client's cost, for information).
 *
 *   npx tsx bench/merkle.ts [leaves]      (default 1,000,000)
 */
import { hash as nodeHash } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { canonicalize } from '../shared/canonical-json'
import {
  HASH_SIZE,
  type Hash,
  type HashReader,
  proveInclusion,
  rootFromLeafHashes,
  storedHashCount,
  storedHashesForAppend,
  storedHashIndex,
  type TreeHasher,
  treeHash,
  treeHasher,
  verifyInclusion,
} from '../shared/merkle'

// node:crypto's one-shot hash (Node ≥ 20.12): about twice as fast as createHash for 65 bytes.
const hasher: TreeHasher = treeHasher((data) => nodeHash('sha256', data, 'buffer'))

/**
 * Stored hashes in one flat buffer indexed by storedHashIndex: the layout a table keyed by that
 * index (or by level and index) gives the server, without the database.
 */
class FlatStore {
  private readonly bytes: Uint8Array
  size = 0

  constructor(capacity: number) {
    this.bytes = new Uint8Array(storedHashCount(capacity) * HASH_SIZE)
  }

  readonly read: HashReader = (ids) =>
    ids.map((id) => {
      const at = storedHashIndex(id.level, id.index) * HASH_SIZE
      return this.bytes.subarray(at, at + HASH_SIZE)
    })

  append(leafHash: Hash): void {
    for (const { id, hash } of storedHashesForAppend(this.size, leafHash, this.read, hasher))
      this.bytes.set(hash, storedHashIndex(id.level, id.index) * HASH_SIZE)
    this.size += 1
  }
}

/** A ledger event about the size of a real one; the append encodes it, then hashes it. */
function event(i: number) {
  return {
    seq: i + 1,
    ts: '2026-01-01T00:00:00.000Z',
    partnershipId: '7a1c7f0e-3f43-4b1e-9d55-1f1d9a0b6c01',
    actorId: '0b0c2f7e-6d3c-4f7e-a5d2-7c1f0e9b8a11',
    actorParty: 'HONDA',
    action: 'proposal.submitted',
    entityType: 'proposal',
    entityId: `p-${i}`,
    visibility: 'joint',
    payloadHash: 'ab'.repeat(32),
  }
}

const encoder = new TextEncoder()

function perSecond(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function randomIndexes(size: number, count: number, seed: number): number[] {
  const out: number[] = []
  let x = seed
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    out.push(Math.floor((x / 2 ** 31) * size))
  }
  return out
}

/** Mean microseconds to produce one inclusion proof, as the server does for a request. */
function proveCost(store: FlatStore, size: number, indexes: readonly number[]): number {
  const started = performance.now()
  for (const index of indexes) proveInclusion(size, index, store.read, hasher)
  return ((performance.now() - started) * 1000) / indexes.length
}

/** Mean microseconds to verify one inclusion proof, as a client does. */
function verifyCost(store: FlatStore, size: number, indexes: readonly number[]): number {
  const root = treeHash(size, store.read, hasher)
  const proofs = indexes.map((index) => ({
    index,
    leaf: store.read([{ level: 0, index }])[0] as Hash,
    proof: proveInclusion(size, index, store.read, hasher),
  }))
  const started = performance.now()
  for (const p of proofs)
    if (!verifyInclusion(size, p.index, p.leaf, p.proof, root, hasher)) throw new Error('bad proof')
  return ((performance.now() - started) * 1000) / proofs.length
}

export async function benchMerkle(leaves = 1_000_000): Promise<void> {
  const count = Math.min(leaves, 100_000)
  const events = Array.from({ length: count }, (_, i) => event(i))

  // Append: encode + leaf hash (what every append does anyway) vs the same plus tree maintenance.
  let started = performance.now()
  for (const e of events) hasher.leaf(encoder.encode(canonicalize(e)))
  const plainMs = performance.now() - started
  const appendStore = new FlatStore(count)
  started = performance.now()
  for (const e of events) appendStore.append(hasher.leaf(encoder.encode(canonicalize(e))))
  const treeMs = performance.now() - started
  console.log(
    `append ${count.toLocaleString('en-US')} events (canonical JSON + leaf hash): ${perSecond(count, plainMs)} without the tree, ${perSecond(count, treeMs)} with tree maintenance; rate ratio ${(plainMs / treeMs).toFixed(2)}× (target ≥ 0.5×)`,
  )

  // Full offline check: hashing every entry vs hashing every entry and computing the root.
  const leafHashes: Hash[] = []
  started = performance.now()
  for (const e of events) leafHashes.push(hasher.leaf(encoder.encode(canonicalize(e))))
  const scanMs = performance.now() - started
  started = performance.now()
  rootFromLeafHashes(leafHashes, hasher)
  const rootMs = performance.now() - started
  console.log(
    `full check of ${count.toLocaleString('en-US')} events: hashing them ${(scanMs / 1000).toFixed(2)} s, the root on top ${(rootMs / 1000).toFixed(2)} s; ratio ${((scanMs + rootMs) / scanMs).toFixed(2)}×`,
  )

  // A tree of `leaves` leaves (leaf hashes reused cyclically: their values do not change the
  // cost). Proofs "at 1,000 leaves" are against the tree of its first 1,000 leaves.
  const store = new FlatStore(leaves)
  started = performance.now()
  for (let i = 0; i < leaves; i++) store.append(leafHashes[i % leafHashes.length] as Hash)
  console.log(
    `built a tree of ${leaves.toLocaleString('en-US')} leaves in ${((performance.now() - started) / 1000).toFixed(1)} s (${storedHashCount(leaves).toLocaleString('en-US')} stored hashes)`,
  )

  const small: number[] = []
  const large: number[] = []
  proveCost(store, 1000, randomIndexes(1000, 2000, 1)) // warm-up
  for (let round = 0; round < 5; round++) {
    small.push(proveCost(store, 1000, randomIndexes(1000, 4000, round + 2)))
    large.push(proveCost(store, leaves, randomIndexes(leaves, 4000, round + 2)))
  }
  const s = median(small)
  const l = median(large)
  console.log(
    `inclusion proof, produced from stored hashes: ${s.toFixed(1)} µs at 1,000 leaves, ${l.toFixed(1)} µs at ${leaves.toLocaleString('en-US')}; ratio ${(l / s).toFixed(2)}× (target ≤ 3×)`,
  )
  const vs = verifyCost(store, 1000, randomIndexes(1000, 4000, 9))
  const vl = verifyCost(store, leaves, randomIndexes(leaves, 4000, 9))
  console.log(
    `inclusion proof, verified by a client: ${vs.toFixed(1)} µs at 1,000 leaves, ${vl.toFixed(1)} µs at ${leaves.toLocaleString('en-US')}; ratio ${(vl / vs).toFixed(2)}× (log2 of the sizes: 2×)`,
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchMerkle(Number(process.argv[2] ?? 1_000_000)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
