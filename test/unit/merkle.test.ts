/**
 * The Merkle tree (shared/merkle.ts) against published vectors, then properties.
 *
 * Vectors (test/vectors/README.md):
 * - rfc6962-merkle.json: the 8-leaf RFC 6962 reference tree of transparency-dev/merkle
 *   testonly/constants.go + reference_test.go + proof/verify_test.go (the Certificate Transparency
 *   C++ merkletree_test.cc values, also in google/trillian);
 * - ct-argon2020.json: a leaf, audit path and consistency proof served by Google's Argon 2020 CT
 *   log (961,984,013 leaves), from golang.org/x/mod sumdb/tlog/testdata/argon2020.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AsyncHashReader,
  appendReadIds,
  consistencyProofIds,
  defaultHasher,
  fromHex,
  type Hash,
  inclusionProofIds,
  MemoryHashStore,
  MerkleError,
  proveConsistency,
  proveInclusion,
  rootFromLeafHashes,
  splitStoredHashIndex,
  storedHashCount,
  storedHashesForAppend,
  storedHashIndex,
  toHex,
  treeHash,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/merkle'
import ct from '../vectors/ct-argon2020.json'
import ref from '../vectors/rfc6962-merkle.json'

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))
const nodeHasher = treeHasher((data) => createHash('sha256').update(data).digest())

function referenceStore(): MemoryHashStore {
  const store = new MemoryHashStore()
  for (const input of ref.leafInputs) store.append(fromHex(input))
  return store
}

/** RFC 9162 §2.1.1 MTH, written straight from the definition: the oracle for the properties. */
function mth(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return defaultHasher.emptyRoot
  if (leaves.length === 1) return leaves[0] as Hash
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return defaultHasher.node(mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

function leafHashes(count: number, seed: number): Hash[] {
  return Array.from({ length: count }, (_, i) =>
    defaultHasher.leaf(new TextEncoder().encode(`entry ${seed}:${i}`)),
  )
}

function storeOf(leaves: readonly Hash[]): MemoryHashStore {
  const store = new MemoryHashStore()
  for (const h of leaves) store.appendLeafHash(h)
  return store
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice()
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7))
  return out
}

describe('RFC 6962 reference tree (transparency-dev/merkle testonly)', () => {
  it('hashes leaves and nodes as RFC 9162 §2.1 says, with both SHA-256 implementations', () => {
    const inputs = ref.leafInputs.map(fromHex)
    for (const [i, input] of inputs.entries()) {
      expect(toHex(defaultHasher.leaf(input))).toBe(ref.nodeHashes[0]?.[i])
      expect(toHex(nodeHasher.leaf(input))).toBe(ref.nodeHashes[0]?.[i])
    }
    expect(toHex(defaultHasher.emptyRoot)).toBe(ref.rootsBySize[0])
    expect(toHex(nodeHasher.emptyRoot)).toBe(ref.rootsBySize[0])
  })

  it('stores exactly the complete-subtree hashes, and computes the root of every size', () => {
    const store = referenceStore()
    for (const [level, row] of ref.nodeHashes.entries()) {
      for (const [index, hex] of row.entries())
        expect(toHex(store.read([{ level, index }])[0] as Hash)).toBe(hex)
    }
    for (let size = 0; size <= 8; size++) {
      expect(toHex(store.root(size))).toBe(ref.rootsBySize[size])
      expect(toHex(treeHash(size, store.read, nodeHasher))).toBe(ref.rootsBySize[size])
    }
    expect(storedHashCount(8)).toBe(15)
  })

  it('produces and verifies the published inclusion proofs', () => {
    const store = referenceStore()
    for (const v of ref.inclusionProofs) {
      const proof = proveInclusion(v.size, v.index, store.read)
      expect(proof.map(toHex)).toEqual(v.proof)
      const leaf = defaultHasher.leaf(fromHex(ref.leafInputs[v.index] as string))
      const root = fromHex(ref.rootsBySize[v.size] as string)
      expect(verifyInclusion(v.size, v.index, leaf, v.proof.map(fromHex), root)).toBe(true)
    }
  })

  it('produces and verifies the published consistency proofs', () => {
    const store = referenceStore()
    for (const v of ref.consistencyProofs) {
      expect(proveConsistency(v.oldSize, v.newSize, store.read).map(toHex)).toEqual(v.proof)
      const oldRoot = fromHex(ref.rootsBySize[v.oldSize] as string)
      const newRoot = fromHex(ref.rootsBySize[v.newSize] as string)
      expect(verifyConsistency(v.oldSize, v.newSize, oldRoot, newRoot, v.proof.map(fromHex))).toBe(
        true,
      )
    }
  })

  it('refuses the corruptions of transparency-dev proof/verify_test.go', () => {
    const some = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456')
    for (const v of ref.inclusionProofs) {
      const leaf = defaultHasher.leaf(fromHex(ref.leafInputs[v.index] as string))
      const root = fromHex(ref.rootsBySize[v.size] as string)
      const proof = v.proof.map(fromHex)
      const probes: [number, number, Hash, Hash, Hash[]][] = [
        [v.index - 1, v.size, leaf, root, proof],
        [v.index + 1, v.size, leaf, root, proof],
        [v.index ^ 2, v.size, leaf, root, proof],
        [v.index, v.size * 2, leaf, root, proof],
        [v.index, Math.floor(v.size / 2), leaf, root, proof],
        [v.index, v.size, new TextEncoder().encode('WrongLeaf'), root, proof],
        [v.index, v.size, leaf, defaultHasher.emptyRoot, proof],
        [v.index, v.size, leaf, some, proof],
        [v.index, v.size, leaf, root, [...proof, new Uint8Array()]],
        [v.index, v.size, leaf, root, [...proof, root]],
        [v.index, v.size, leaf, root, [new Uint8Array(), ...proof]],
        [v.index, v.size, leaf, root, [root, ...proof]],
      ]
      if (proof.length > 0) probes.push([v.index, v.size, leaf, root, proof.slice(0, -1)])
      for (const [index, size, l, r, p] of probes)
        expect(verifyInclusion(size, index, l, p, r), `${v.index}/${v.size}`).toBe(false)
    }
    for (const v of ref.consistencyProofs.filter((p) => p.proof.length > 0)) {
      const r1 = fromHex(ref.rootsBySize[v.oldSize] as string)
      const r2 = fromHex(ref.rootsBySize[v.newSize] as string)
      const proof = v.proof.map(fromHex)
      const probes: [number, number, Hash, Hash, Hash[]][] = [
        [v.oldSize - 1, v.newSize, r1, r2, proof],
        [v.oldSize + 1, v.newSize, r1, r2, proof],
        [v.oldSize ^ 2, v.newSize, r1, r2, proof],
        [v.oldSize, v.newSize * 2, r1, r2, proof],
        [v.oldSize, Math.floor(v.newSize / 2), r1, r2, proof],
        [v.oldSize, v.newSize, some, r2, proof],
        [v.oldSize, v.newSize, r1, some, proof],
        [v.oldSize, v.newSize, r2, r1, proof],
        [v.oldSize, v.newSize, r1, r2, []],
        [v.oldSize, v.newSize, r1, r2, [...proof, r1]],
        [v.oldSize, v.newSize, r1, r2, [...proof, r2]],
        [v.oldSize, v.newSize, r1, r2, [r1, ...proof]],
        [v.oldSize, v.newSize, r1, r2, [r2, ...proof]],
        [v.oldSize, v.newSize, r1, r2, [proof[0] as Hash, ...proof]],
        [v.oldSize, v.newSize, r1, r2, proof.slice(0, -1)],
      ]
      for (const [s1, s2, a, b, p] of probes)
        expect(verifyConsistency(s1, s2, a, b, p), `${v.oldSize}->${v.newSize}`).toBe(false)
    }
  })

  it('handles the edge cases RFC 9162 leaves open as docs/ledger-spec.md states', () => {
    const r = fromHex(ref.rootsBySize[3] as string)
    const other = fromHex(ref.rootsBySize[4] as string)
    expect(verifyConsistency(0, 0, r, other, [])).toBe(true)
    expect(verifyConsistency(0, 5, r, other, [])).toBe(true)
    expect(verifyConsistency(0, 5, r, other, [r])).toBe(false)
    expect(verifyConsistency(3, 3, r, r, [])).toBe(true)
    expect(verifyConsistency(3, 3, r, other, [])).toBe(false)
    expect(verifyConsistency(3, 3, r, r, [r])).toBe(false)
    expect(verifyConsistency(4, 3, r, other, [])).toBe(false)
    expect(verifyInclusion(0, 0, r, [], r)).toBe(false)
    expect(verifyInclusion(1, 1, r, [], r)).toBe(false)
    expect(verifyInclusion(1, 0, r, [], r)).toBe(true)
    expect(verifyInclusion(1, 0, r.slice(1), [], r.slice(1))).toBe(false)
  })

  it('binds the tree size only through the signed checkpoint, not through the proof', () => {
    // RFC 9162's audit path does not encode the size: the proof of leaf 0 in the 3-leaf tree also
    // "verifies" as size 4 against the 3-leaf root. A verifier must therefore take size and root
    // from one verified checkpoint (docs/ledger-spec.md, "Verifying an inclusion proof").
    const store = referenceStore()
    const leaf = store.read([{ level: 0, index: 0 }])[0] as Hash
    const proof = proveInclusion(3, 0, store.read)
    expect(verifyInclusion(3, 0, leaf, proof, store.root(3))).toBe(true)
    expect(verifyInclusion(4, 0, leaf, proof, store.root(3))).toBe(true)
    expect(verifyInclusion(4, 0, leaf, proof, store.root(4))).toBe(false)
    // The same holds for consistency proofs: 1 -> 6 also "verifies" as 1 -> 7 with the 6-leaf root.
    const consistency = proveConsistency(1, 6, store.read)
    expect(verifyConsistency(1, 6, store.root(1), store.root(6), consistency)).toBe(true)
    expect(verifyConsistency(1, 7, store.root(1), store.root(6), consistency)).toBe(true)
    expect(verifyConsistency(1, 7, store.root(1), store.root(7), consistency)).toBe(false)
  })

  it('refuses bad input with a MerkleError, not a crash', () => {
    const store = referenceStore()
    expect(() => proveInclusion(8, 8, store.read)).toThrow(MerkleError)
    expect(() => proveInclusion(8, -1, store.read)).toThrow(MerkleError)
    expect(() => proveInclusion(8.5, 1, store.read)).toThrow(MerkleError)
    expect(() => proveConsistency(5, 4, store.read)).toThrow(MerkleError)
    expect(() => store.root(9)).toThrow(MerkleError)
    expect(() => storedHashesForAppend(0, new Uint8Array(31), () => [])).toThrow(MerkleError)
    expect(() => treeHash(3, () => [])).toThrow(/asked the store for 2 hashes, got 0/)
  })
})

describe('a real Certificate Transparency log (Argon 2020, via golang.org/x/mod sumdb/tlog)', () => {
  const leaf = defaultHasher.leaf(b64(ct.leafInput))
  const root = b64(ct.rootHash)
  const path = ct.auditPath.map(b64)
  const consistency = ct.consistencyPath.map(b64)
  const oldRoot = b64(ct.consistencyOldRoot)

  it('verifies the inclusion of leaf 10000 in a tree of 961,984,013 leaves', () => {
    expect(verifyInclusion(ct.treeSize, ct.leafIndex, leaf, path, root)).toBe(true)
    expect(verifyInclusion(ct.treeSize, ct.leafIndex, leaf, path, root, nodeHasher)).toBe(true)
  })

  it('verifies the consistency of size 3,654,490 with the signed tree head', () => {
    expect(verifyConsistency(ct.consistencyOldSize, ct.treeSize, oldRoot, root, consistency)).toBe(
      true,
    )
  })

  it('fails on every single-bit change to the leaf, the root or any proof hash', () => {
    for (let bit = 0; bit < 256; bit++) {
      expect(verifyInclusion(ct.treeSize, ct.leafIndex, flipBit(leaf, bit), path, root)).toBe(false)
      expect(verifyInclusion(ct.treeSize, ct.leafIndex, leaf, path, flipBit(root, bit))).toBe(false)
      expect(
        verifyConsistency(
          ct.consistencyOldSize,
          ct.treeSize,
          flipBit(oldRoot, bit),
          root,
          consistency,
        ),
      ).toBe(false)
    }
    for (let i = 0; i < path.length; i++) {
      const bad: Hash[] = path.slice()
      bad[i] = flipBit(path[i] as Hash, i * 7)
      expect(verifyInclusion(ct.treeSize, ct.leafIndex, leaf, bad, root)).toBe(false)
    }
    for (let i = 0; i < consistency.length; i++) {
      const bad: Hash[] = consistency.slice()
      bad[i] = flipBit(consistency[i] as Hash, i * 5)
      expect(verifyConsistency(ct.consistencyOldSize, ct.treeSize, oldRoot, root, bad)).toBe(false)
    }
  })
})

describe('stored-hash layout (golang.org/x/mod sumdb/tlog StoredHashIndex)', () => {
  it('numbers stored hashes densely in append order, and splits the numbers back', () => {
    let next = 0
    for (let n = 0; n < 2000; n++) {
      const ids = [
        { level: 0, index: n },
        ...appendReadIds(n).map((id) => ({
          level: id.level + 1,
          index: Math.floor(n / 2 ** (id.level + 1)),
        })),
      ]
      for (const id of ids) {
        expect(storedHashIndex(id.level, id.index)).toBe(next)
        expect(splitStoredHashIndex(next)).toEqual(id)
        next++
      }
      expect(storedHashCount(n + 1)).toBe(next)
    }
  })

  it('stays exact beyond 2^32 leaves (no 32-bit arithmetic)', () => {
    const n = 2 ** 40 + 12345
    const stored = storedHashIndex(3, n)
    expect(splitStoredHashIndex(stored)).toEqual({ level: 3, index: n })
    expect(inclusionProofIds(2 ** 45 + 3, 2 ** 44 + 1).length).toBeLessThanOrEqual(2 * 46)
  })

  it('reads at most log2(n) hashes to append, and at most 2·log2(n) to prove', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2 ** 50 }), fc.nat(), fc.nat(), (size, a, b) => {
        const log = Math.ceil(Math.log2(size))
        const index = a % size
        const old = 1 + (b % size)
        expect(appendReadIds(size - 1).length).toBeLessThanOrEqual(log)
        expect(inclusionProofIds(size, index).length).toBeLessThanOrEqual(2 * log)
        expect(consistencyProofIds(old, size).length).toBeLessThanOrEqual(2 * log + 1)
      }),
    )
  })

  it('gives the same answers through an asynchronous reader (a database)', async () => {
    const store = storeOf(leafHashes(37, 1))
    const slow: AsyncHashReader = async (ids) => store.read(ids)
    expect(toHex(await treeHash(37, slow))).toBe(toHex(store.root()))
    expect((await proveInclusion(37, 20, slow)).map(toHex)).toEqual(
      proveInclusion(37, 20, store.read).map(toHex),
    )
    expect((await proveConsistency(13, 37, slow)).map(toHex)).toEqual(
      proveConsistency(13, 37, store.read).map(toHex),
    )
    const appended = await storedHashesForAppend(37, leafHashes(1, 2)[0] as Hash, slow)
    // Leaf 37 (binary 100101) completes one subtree: leaves 36 and 37.
    expect(appended.map((x) => x.id)).toEqual([
      { level: 0, index: 37 },
      { level: 1, index: 18 },
    ])
    // 39 (binary 100111) needs three stored siblings; a reader that returns none is refused.
    await expect(
      storedHashesForAppend(39, leafHashes(1, 3)[0] as Hash, async () => []),
    ).rejects.toThrow(MerkleError)
  })
})

describe('properties (fast-check)', () => {
  const tree = fc.integer({ min: 1, max: 300 }).chain((size) =>
    fc.record({
      size: fc.constant(size),
      seed: fc.nat(),
      index: fc.nat({ max: size - 1 }),
      old: fc.integer({ min: 1, max: size }),
    }),
  )

  it('every root, inclusion proof and consistency proof agrees with the RFC definition and verifies', () => {
    fc.assert(
      fc.property(tree, ({ size, seed, index, old }) => {
        const leaves = leafHashes(size, seed)
        const store = storeOf(leaves)
        const root = store.root()
        expect(toHex(root)).toBe(toHex(mth(leaves)))
        expect(toHex(rootFromLeafHashes(leaves))).toBe(toHex(root))
        expect(toHex(store.root(old))).toBe(toHex(mth(leaves.slice(0, old))))
        const inclusion = proveInclusion(size, index, store.read)
        expect(verifyInclusion(size, index, leaves[index] as Hash, inclusion, root)).toBe(true)
        expect(
          verifyInclusion(size, index, leaves[index] as Hash, inclusion, root, nodeHasher),
        ).toBe(true)
        const consistency = proveConsistency(old, size, store.read)
        expect(verifyConsistency(old, size, store.root(old), root, consistency)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('any single-bit change to a proof hash, the root, the leaf or the index fails inclusion', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(), ({ size, seed, index }, pick, bit) => {
        const leaves = leafHashes(size, seed)
        const store = storeOf(leaves)
        const root = store.root()
        const leaf = leaves[index] as Hash
        const proof = proveInclusion(size, index, store.read)
        const b = bit % 256
        expect(verifyInclusion(size, index, flipBit(leaf, b), proof, root)).toBe(false)
        expect(verifyInclusion(size, index, leaf, proof, flipBit(root, b))).toBe(false)
        if (proof.length > 0) {
          const bad = proof.slice()
          const i = pick % proof.length
          bad[i] = flipBit(proof[i] as Hash, b)
          expect(verifyInclusion(size, index, leaf, bad, root)).toBe(false)
          expect(verifyInclusion(size, index, leaf, proof.slice(1), root)).toBe(false)
        }
        expect(verifyInclusion(size, index, leaf, [...proof, root], root)).toBe(false)
        // Any other index, including every single-bit change of it.
        const other = index ^ (1 << (bit % 9))
        if (other !== index) expect(verifyInclusion(size, other, leaf, proof, root)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('any single-bit change to a proof hash or either root fails consistency', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(), ({ size, seed, old }, pick, bit) => {
        fc.pre(old < size)
        const leaves = leafHashes(size, seed)
        const store = storeOf(leaves)
        const oldRoot = store.root(old)
        const root = store.root()
        const proof = proveConsistency(old, size, store.read)
        const b = bit % 256
        expect(verifyConsistency(old, size, flipBit(oldRoot, b), root, proof)).toBe(false)
        expect(verifyConsistency(old, size, oldRoot, flipBit(root, b), proof)).toBe(false)
        const bad = proof.slice()
        const i = pick % proof.length
        bad[i] = flipBit(proof[i] as Hash, b)
        expect(verifyConsistency(old, size, oldRoot, root, bad)).toBe(false)
        expect(verifyConsistency(old, size, oldRoot, root, proof.slice(0, -1))).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('appending through storedHashesForAppend equals building from scratch (incremental)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), (size, seed) => {
        const leaves = leafHashes(size, seed)
        const store = new MemoryHashStore(nodeHasher)
        for (const [i, h] of leaves.entries()) {
          store.appendLeafHash(h)
          if (i % 17 === 0) expect(toHex(store.root())).toBe(toHex(mth(leaves.slice(0, i + 1))))
        }
        expect(toHex(store.root())).toBe(toHex(mth(leaves)))
      }),
      { numRuns: 50 },
    )
  })
})
