/**
 * The Merkle tree of a partnership's ledger: RFC 9162 §2.1 hashing, inclusion and consistency
 * proofs, and the stored-hash layout that lets the server append in O(log n) and prove in
 * O(log n) reads. The server, the CLI and the browser all run this file (docs/ledger-spec.md,
 * "Merkle tree"; ADR 0012).
 *
 * The layout follows golang.org/x/mod/sumdb/tlog: the hash of every *complete* subtree is stored
 * once, under its coordinates (level, index) — level 0 holds the leaf hashes, level L index k is
 * the root of leaves [k·2^L, (k+1)·2^L). Those hashes never change once written, so appending leaf
 * n writes the leaf hash and the hashes of the subtrees it completes (one per trailing 1 bit of n),
 * and any root or proof of any tree size is assembled from at most 2·log2(n) stored hashes.
 *
 * Hashing is synchronous and injectable: the server passes node:crypto's SHA-256, which is several
 * times faster; the default (pure JS, @noble/hashes) runs anywhere, the browser included.
 * Reading stored hashes may be synchronous (a Map) or asynchronous (a database): every function
 * that reads asks for all the hashes it needs in ONE call to `read`, and returns a Promise only
 * when `read` does.
 *
 * Sizes and indexes are JavaScript numbers, exact up to 2^53 - 1; the arithmetic below avoids the
 * 32-bit bitwise operators on purpose.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

export const HASH_SIZE = 32

/** A 32-byte SHA-256 digest. */
export type Hash = Uint8Array

/** One-shot SHA-256. Must be synchronous; see `nodeSha256` in the ADR for the server's. */
export type Sha256 = (data: Uint8Array) => Uint8Array

export interface TreeHasher {
  /** SHA-256(0x00 || entry): RFC 9162 §2.1.1 MTH({d0}). */
  leaf(entry: Uint8Array): Hash
  /** SHA-256(0x01 || left || right): an interior node. */
  node(left: Hash, right: Hash): Hash
  /** SHA-256 of the empty string: the root of the tree of size 0. */
  readonly emptyRoot: Hash
}

export function treeHasher(sha256: Sha256): TreeHasher {
  // One scratch buffer for node hashing: no allocation per interior node. Safe because sha256 is
  // synchronous and does not keep a reference to its input.
  const scratch = new Uint8Array(1 + 2 * HASH_SIZE)
  scratch[0] = 0x01
  return {
    leaf(entry) {
      const input = new Uint8Array(1 + entry.length)
      input[0] = 0x00
      input.set(entry, 1)
      return sha256(input)
    },
    node(left, right) {
      if (left.length !== HASH_SIZE || right.length !== HASH_SIZE)
        throw new MerkleError('a tree hash must be 32 bytes')
      scratch.set(left, 1)
      scratch.set(right, 1 + HASH_SIZE)
      return sha256(scratch)
    },
    emptyRoot: sha256(new Uint8Array(0)),
  }
}

/** Pure JavaScript SHA-256 (@noble/hashes): the same bytes in the browser, the CLI and tests. */
export const defaultHasher: TreeHasher = treeHasher((data) => nobleSha256(data))

/** Bad input to a Merkle function (a size or index out of range, a hash of the wrong length). */
export class MerkleError extends Error {
  override name = 'MerkleError'
}

/** Coordinates of a stored hash: the root of leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  level: number
  index: number
}

/** Returns the stored hashes for `ids`, in the same order. */
export type HashReader = (ids: readonly NodeId[]) => readonly Hash[]
export type AsyncHashReader = (ids: readonly NodeId[]) => Promise<readonly Hash[]>

// ---------------------------------------------------------------------------------------------
// Integer helpers, exact up to 2^53 (no 32-bit bitwise operators).

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new MerkleError(`${name} must be a whole number from 0 to 2^53 - 1, got ${value}`)
}

/** The largest power of two strictly smaller than n (n ≥ 2): RFC 9162's k. */
function splitPoint(n: number): number {
  // Math.log2 is exact on powers of two but may round near them for large n: correct after.
  let k = 2 ** Math.max(0, Math.floor(Math.log2(n - 1)))
  while (k >= n) k /= 2
  while (k * 2 < n) k *= 2
  return k
}

function log2OfPowerOfTwo(k: number): number {
  return Math.round(Math.log2(k))
}

function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

/** Number of 1 bits of a safe integer, in constant time. */
function popcount(n: number): number {
  const high = Math.floor(n / 2 ** 32)
  return popcount32(high >>> 0) + popcount32((n - high * 2 ** 32) >>> 0)
}

function pow2(level: number): number {
  return 2 ** level
}

function isOdd(n: number): boolean {
  return n % 2 === 1
}

function half(n: number): number {
  return Math.floor(n / 2)
}

// ---------------------------------------------------------------------------------------------
// Stored-hash layout.

/**
 * A single integer for (level, index), dense in append order, for storage that wants one key
 * (sumdb tlog's StoredHashIndex; Crosby & Wallach §3.3): the hashes written when appending leaf n
 * occupy the indexes from storedHashIndex(0, n) on, consecutively.
 */
export function storedHashIndex(level: number, index: number): number {
  assertSize('level', level)
  assertSize('index', index)
  // Descend to the last leaf under (level, index): x = (index + 1)·2^level − 1. Leaf x's first
  // hash sits at x + ⌊x/2⌋ + ⌊x/4⌋ + … = 2x − popcount(x); (level, index) is `level` after it.
  const x = (index + 1) * 2 ** level - 1
  const stored = 2 * x - popcount(x) + level
  if (!Number.isSafeInteger(stored))
    throw new MerkleError(`the stored hash (${level}, ${index}) is beyond 2^53`)
  return stored
}

/** The inverse of storedHashIndex. */
export function splitStoredHashIndex(stored: number): NodeId {
  assertSize('stored hash index', stored)
  let n = half(stored)
  let indexN = storedHashIndex(0, n)
  for (;;) {
    // Appending leaf n writes 1 + (trailing 1 bits of n) hashes.
    const x = indexN + 1 + trailingOnes(n)
    if (x > stored) break
    n += 1
    indexN = x
  }
  const level = stored - indexN
  return { level, index: Math.floor(n / pow2(level)) }
}

/** How many stored hashes a tree of `size` leaves has. */
export function storedHashCount(size: number): number {
  assertSize('size', size)
  if (size === 0) return 0
  return storedHashIndex(0, size - 1) + 1 + trailingOnes(size - 1)
}

function trailingOnes(n: number): number {
  let count = 0
  while (isOdd(n)) {
    count += 1
    n = (n - 1) / 2
  }
  return count
}

/** The ids whose hashes `storedHashesForAppend(n, ...)` reads: the left siblings it completes. */
export function appendReadIds(n: number): NodeId[] {
  assertSize('leaf index', n)
  const m = trailingOnes(n)
  const ids: NodeId[] = []
  // Level i's sibling is the subtree just left of the one leaf n completes at level i.
  for (let i = 0; i < m; i++) ids.push({ level: i, index: Math.floor(n / pow2(i)) - 1 })
  return ids
}

/**
 * The hashes to store when appending leaf number `n` (0-based, so the tree grows from n to n+1
 * leaves): the leaf hash at (0, n), then one hash per subtree that leaf completes, upwards. Reads
 * at most log2(n) earlier hashes, in one call.
 */
export function storedHashesForAppend(
  n: number,
  leafHash: Hash,
  read: HashReader,
  hasher?: TreeHasher,
): { id: NodeId; hash: Hash }[]
export function storedHashesForAppend(
  n: number,
  leafHash: Hash,
  read: AsyncHashReader,
  hasher?: TreeHasher,
): Promise<{ id: NodeId; hash: Hash }[]>
export function storedHashesForAppend(
  n: number,
  leafHash: Hash,
  read: HashReader | AsyncHashReader,
  hasher: TreeHasher = defaultHasher,
): { id: NodeId; hash: Hash }[] | Promise<{ id: NodeId; hash: Hash }[]> {
  assertHash('leaf hash', leafHash)
  const ids = appendReadIds(n)
  return withHashes(ids, read, (siblings) => {
    const out = [{ id: { level: 0, index: n }, hash: leafHash }]
    let h = leafHash
    for (let i = 0; i < ids.length; i++) {
      h = hasher.node(siblings[i] as Hash, h)
      out.push({ id: { level: i + 1, index: Math.floor(n / pow2(i + 1)) }, hash: h })
    }
    return out
  })
}

// ---------------------------------------------------------------------------------------------
// Roots.

/** The stored hashes that make up leaves [lo, hi): the complete subtrees, left to right. */
function subtreeIds(lo: number, hi: number, out: NodeId[]): NodeId[] {
  while (lo < hi) {
    const k = splitPoint(hi - lo + 1)
    out.push({ level: log2OfPowerOfTwo(k), index: lo / k })
    lo += k
  }
  return out
}

/** Folds the hashes of subtreeIds(lo, hi) (consumed from `hashes` at `at.i`) into one root. */
function subtreeHash(
  lo: number,
  hi: number,
  hashes: readonly Hash[],
  at: { i: number },
  hasher: TreeHasher,
): Hash {
  let count = 0
  for (let l = lo; l < hi; ) {
    l += splitPoint(hi - l + 1)
    count++
  }
  const parts = hashes.slice(at.i, at.i + count)
  at.i += count
  let h = parts[count - 1] as Hash
  for (let i = count - 2; i >= 0; i--) h = hasher.node(parts[i] as Hash, h)
  return h
}

/** The ids `treeHash(size)` reads: at most log2(size) + 1. */
export function treeHashIds(size: number): NodeId[] {
  assertSize('size', size)
  return subtreeIds(0, size, [])
}

/** The root hash of the tree of the first `size` leaves, from stored hashes. */
export function treeHash(size: number, read: HashReader, hasher?: TreeHasher): Hash
export function treeHash(size: number, read: AsyncHashReader, hasher?: TreeHasher): Promise<Hash>
export function treeHash(
  size: number,
  read: HashReader | AsyncHashReader,
  hasher: TreeHasher = defaultHasher,
): Hash | Promise<Hash> {
  const ids = treeHashIds(size)
  if (size === 0) return hasher.emptyRoot
  return withHashes(ids, read, (hashes) => subtreeHash(0, size, hashes, { i: 0 }, hasher))
}

/**
 * Root of a list of leaf hashes, in O(n) hashing and O(log n) memory (a compact range). For
 * checking a whole log offline, and as the reference in tests.
 */
export class TreeBuilder {
  /** Roots of the complete subtrees so far, largest (leftmost) first. */
  private readonly stack: Hash[] = []
  private count = 0

  constructor(private readonly hasher: TreeHasher = defaultHasher) {}

  get size(): number {
    return this.count
  }

  /** An independent copy, to go on from this point later. */
  clone(): TreeBuilder {
    const copy = new TreeBuilder(this.hasher)
    copy.stack.push(...this.stack)
    copy.count = this.count
    return copy
  }

  append(leafHash: Hash): void {
    assertHash('leaf hash', leafHash)
    let h = leafHash
    for (let n = this.count; isOdd(n); n = (n - 1) / 2) {
      h = this.hasher.node(this.stack.pop() as Hash, h)
    }
    this.stack.push(h)
    this.count += 1
  }

  root(): Hash {
    if (this.count === 0) return this.hasher.emptyRoot
    let h = this.stack[this.stack.length - 1] as Hash
    for (let i = this.stack.length - 2; i >= 0; i--) h = this.hasher.node(this.stack[i] as Hash, h)
    return h
  }
}

export function rootFromLeafHashes(
  leafHashes: Iterable<Hash>,
  hasher: TreeHasher = defaultHasher,
): Hash {
  const builder = new TreeBuilder(hasher)
  for (const h of leafHashes) builder.append(h)
  return builder.root()
}

// ---------------------------------------------------------------------------------------------
// Inclusion proofs (RFC 9162 §2.1.3).

function inclusionIds(lo: number, hi: number, m: number, out: NodeId[]): NodeId[] {
  if (lo + 1 === hi) return out
  const k = splitPoint(hi - lo)
  if (m < lo + k) {
    inclusionIds(lo, lo + k, m, out)
    subtreeIds(lo + k, hi, out)
  } else {
    subtreeIds(lo, lo + k, out)
    inclusionIds(lo + k, hi, m, out)
  }
  return out
}

function inclusionPath(
  lo: number,
  hi: number,
  m: number,
  hashes: readonly Hash[],
  at: { i: number },
  hasher: TreeHasher,
): Hash[] {
  if (lo + 1 === hi) return []
  const k = splitPoint(hi - lo)
  if (m < lo + k) {
    const path = inclusionPath(lo, lo + k, m, hashes, at, hasher)
    path.push(subtreeHash(lo + k, hi, hashes, at, hasher))
    return path
  }
  const sibling = subtreeHash(lo, lo + k, hashes, at, hasher)
  const path = inclusionPath(lo + k, hi, m, hashes, at, hasher)
  path.push(sibling)
  return path
}

function checkIndex(size: number, index: number): void {
  assertSize('tree size', size)
  assertSize('leaf index', index)
  if (index >= size) throw new MerkleError(`leaf index ${index} is not in a tree of ${size} leaves`)
}

/** The ids `proveInclusion(size, index)` reads: at most 2·log2(size). */
export function inclusionProofIds(size: number, index: number): NodeId[] {
  checkIndex(size, index)
  return inclusionIds(0, size, index, [])
}

/**
 * The inclusion proof (RFC 9162 §2.1.3.1 PATH(m, D[n])) of leaf `index` in the tree of `size`
 * leaves, from the leaf's sibling upwards.
 */
export function proveInclusion(
  size: number,
  index: number,
  read: HashReader,
  hasher?: TreeHasher,
): Hash[]
export function proveInclusion(
  size: number,
  index: number,
  read: AsyncHashReader,
  hasher?: TreeHasher,
): Promise<Hash[]>
export function proveInclusion(
  size: number,
  index: number,
  read: HashReader | AsyncHashReader,
  hasher: TreeHasher = defaultHasher,
): Hash[] | Promise<Hash[]> {
  const ids = inclusionProofIds(size, index)
  return withHashes(ids, read, (hashes) => inclusionPath(0, size, index, hashes, { i: 0 }, hasher))
}

/**
 * RFC 9162 §2.1.3.2: the root that `proof` implies for `leafHash` at `index` in a tree of `size`
 * leaves, or null when the proof has the wrong shape (wrong length, a hash not 32 bytes, index
 * out of range).
 */
export function rootFromInclusionProof(
  size: number,
  index: number,
  leafHash: Hash,
  proof: readonly Hash[],
  hasher: TreeHasher = defaultHasher,
): Hash | null {
  if (!Number.isSafeInteger(size) || !Number.isSafeInteger(index) || index < 0 || index >= size)
    return null
  if (leafHash.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return null
  let fn = index
  let sn = size - 1
  let r = leafHash
  for (const p of proof) {
    if (sn === 0) return null
    if (isOdd(fn) || fn === sn) {
      r = hasher.node(p, r)
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn)
          sn = half(sn)
        }
      }
    } else {
      r = hasher.node(r, p)
    }
    fn = half(fn)
    sn = half(sn)
  }
  return sn === 0 ? r : null
}

export function verifyInclusion(
  size: number,
  index: number,
  leafHash: Hash,
  proof: readonly Hash[],
  root: Hash,
  hasher: TreeHasher = defaultHasher,
): boolean {
  const computed = rootFromInclusionProof(size, index, leafHash, proof, hasher)
  return computed !== null && equalHashes(computed, root)
}

// ---------------------------------------------------------------------------------------------
// Consistency proofs (RFC 9162 §2.1.4).

function consistencyIds(lo: number, hi: number, m: number, out: NodeId[]): NodeId[] {
  if (m === hi) {
    // Reached a subtree the old tree holds whole: the verifier knows the old root itself.
    return lo === 0 ? out : subtreeIds(lo, hi, out)
  }
  const k = splitPoint(hi - lo)
  if (m <= lo + k) {
    consistencyIds(lo, lo + k, m, out)
    subtreeIds(lo + k, hi, out)
  } else {
    subtreeIds(lo, lo + k, out)
    consistencyIds(lo + k, hi, m, out)
  }
  return out
}

function consistencyPath(
  lo: number,
  hi: number,
  m: number,
  hashes: readonly Hash[],
  at: { i: number },
  hasher: TreeHasher,
): Hash[] {
  if (m === hi) return lo === 0 ? [] : [subtreeHash(lo, hi, hashes, at, hasher)]
  const k = splitPoint(hi - lo)
  if (m <= lo + k) {
    const path = consistencyPath(lo, lo + k, m, hashes, at, hasher)
    path.push(subtreeHash(lo + k, hi, hashes, at, hasher))
    return path
  }
  const left = subtreeHash(lo, lo + k, hashes, at, hasher)
  const path = consistencyPath(lo + k, hi, m, hashes, at, hasher)
  path.push(left)
  return path
}

function checkSizes(oldSize: number, newSize: number): void {
  assertSize('old tree size', oldSize)
  assertSize('new tree size', newSize)
  if (oldSize > newSize)
    throw new MerkleError(`the old tree (${oldSize} leaves) is larger than the new (${newSize})`)
}

/** The ids `proveConsistency(oldSize, newSize)` reads. */
export function consistencyProofIds(oldSize: number, newSize: number): NodeId[] {
  checkSizes(oldSize, newSize)
  if (oldSize === 0 || oldSize === newSize) return []
  return consistencyIds(0, newSize, oldSize, [])
}

/**
 * The consistency proof (RFC 9162 §2.1.4.1 PROOF(m, D[n])) that the tree of `newSize` leaves
 * extends the tree of `oldSize`. Empty when oldSize is 0 or equals newSize.
 */
export function proveConsistency(
  oldSize: number,
  newSize: number,
  read: HashReader,
  hasher?: TreeHasher,
): Hash[]
export function proveConsistency(
  oldSize: number,
  newSize: number,
  read: AsyncHashReader,
  hasher?: TreeHasher,
): Promise<Hash[]>
export function proveConsistency(
  oldSize: number,
  newSize: number,
  read: HashReader | AsyncHashReader,
  hasher: TreeHasher = defaultHasher,
): Hash[] | Promise<Hash[]> {
  const ids = consistencyProofIds(oldSize, newSize)
  if (ids.length === 0) return [] as Hash[]
  return withHashes(ids, read, (hashes) =>
    consistencyPath(0, newSize, oldSize, hashes, { i: 0 }, hasher),
  )
}

/**
 * RFC 9162 §2.1.4.2, plus the two cases it leaves out (docs/ledger-spec.md): a tree of size 0 is
 * a prefix of every tree, with an empty proof; a tree is consistent with a tree of the same size
 * only when the proof is empty and the roots are equal.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: readonly Hash[],
  hasher: TreeHasher = defaultHasher,
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize)) return false
  if (oldSize < 0 || oldSize > newSize) return false
  if (oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE) return false
  if (proof.some((p) => p.length !== HASH_SIZE)) return false
  if (oldSize === 0) return proof.length === 0
  if (oldSize === newSize) return proof.length === 0 && equalHashes(oldRoot, newRoot)
  if (proof.length === 0) return false

  // 2. When the old tree is a complete subtree, its root is the first hash of the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof]
  // 3-4.
  let fn = oldSize - 1
  let sn = newSize - 1
  while (isOdd(fn)) {
    fn = half(fn)
    sn = half(sn)
  }
  // 5.
  let fr = path[0] as Hash
  let sr = path[0] as Hash
  // 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Hash
    if (sn === 0) return false
    if (isOdd(fn) || fn === sn) {
      fr = hasher.node(c, fr)
      sr = hasher.node(c, sr)
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn)
          sn = half(sn)
        }
      }
    } else {
      sr = hasher.node(sr, c)
    }
    fn = half(fn)
    sn = half(sn)
  }
  // 7.
  return sn === 0 && equalHashes(fr, oldRoot) && equalHashes(sr, newRoot)
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false
  while (n % 2 === 0) n /= 2
  return n === 1
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** Constant-time in the contents (not that it matters for public hashes, but it costs nothing). */
export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

function assertHash(name: string, hash: Uint8Array): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE)
    throw new MerkleError(`the ${name} must be 32 bytes`)
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

function withHashes<T>(
  ids: readonly NodeId[],
  read: HashReader | AsyncHashReader,
  finish: (hashes: readonly Hash[]) => T,
): T | Promise<T> {
  const check = (hashes: readonly Hash[]): T => {
    if (hashes.length !== ids.length)
      throw new MerkleError(`asked the store for ${ids.length} hashes, got ${hashes.length}`)
    for (const [i, h] of hashes.entries()) {
      const id = ids[i] as NodeId
      if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE)
        throw new MerkleError(
          `the stored hash (${id.level}, ${id.index}) is missing or not 32 bytes`,
        )
    }
    return finish(hashes)
  }
  if (ids.length === 0) return check([])
  const got = read(ids)
  return isPromise(got) ? got.then(check) : check(got)
}

/**
 * Stored hashes in memory, keyed by storedHashIndex: for tests, benchmarks, and a witness or CLI
 * that rebuilds a tree from a bundle. The server keeps the same hashes in its database.
 */
export class MemoryHashStore {
  private readonly hashes = new Map<number, Hash>()
  private count = 0

  constructor(private readonly hasher: TreeHasher = defaultHasher) {}

  get size(): number {
    return this.count
  }

  readonly read: HashReader = (ids) =>
    ids.map((id) => {
      const h = this.hashes.get(storedHashIndex(id.level, id.index))
      if (!h) throw new MerkleError(`no stored hash at (${id.level}, ${id.index})`)
      return h
    })

  /** Appends one leaf hash; returns its leaf index. */
  appendLeafHash(leafHash: Hash): number {
    const n = this.count
    for (const { id, hash } of storedHashesForAppend(n, leafHash, this.read, this.hasher))
      this.hashes.set(storedHashIndex(id.level, id.index), hash)
    this.count += 1
    return n
  }

  append(entry: Uint8Array): number {
    return this.appendLeafHash(this.hasher.leaf(entry))
  }

  root(size: number = this.count): Hash {
    if (size > this.count) throw new MerkleError(`the tree has only ${this.count} leaves`)
    return treeHash(size, this.read, this.hasher)
  }
}

const HEX = '0123456789abcdef'

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += (HEX[b >> 4] as string) + (HEX[b & 15] as string)
  return out
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex))
    throw new MerkleError('expected lowercase hexadecimal with an even number of digits')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}
