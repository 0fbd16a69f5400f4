/**
 * The browser's own verification of the ledger: it fetches the checkpoints and the public key,
 * then every event page by page, and recomputes every hash and checks every signature itself with
 * WebCrypto (shared/audit-verify.ts, the same code the server and the CLI run), so an auditor
 * need not take the server's word for it.
 */
import { type AuditReport, AuditVerifier } from '../../../../shared/audit-verify'
import {
  type HeldTreeCheckpoint,
  readTreeCheckpoint,
  treeVerifierKey,
} from '../../../../shared/bundle-trees'
import {
  formatVerifierKey,
  NoteError,
  parseVerifierKey,
  verifyCheckpoint,
} from '../../../../shared/signed-note'
import type { useTRPCClient } from '../../trpc'

type Client = ReturnType<typeof useTRPCClient>

export const PAGE = 1000

export interface Progress {
  checked: number
  total: number
}

/**
 * What the browser found of the witnesses: the newest checkpoint every registered witness
 * cosigned, checked here (its root is the root recomputed from the entries at its size, the log's
 * key signs it, each witness's cosignature verifies), and how many entries came after it.
 */
export type WitnessedTree =
  | { state: 'none' }
  | { state: 'witnessed'; size: number; parties: (string | null)[]; after: number }
  | { state: 'unchecked'; size: number; message: string }

export type BrowserVerdict = AuditReport & {
  headHashChecked: string | null
  witnessed: WitnessedTree
}

export async function verifyInBrowser(
  client: Client,
  partnershipId: string,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
): Promise<BrowserVerdict> {
  const { publicKey, checkpoints } = await client.audit.checkpoints.query(
    { partnershipId },
    { signal },
  )
  // The partnership tree's newest checkpoint every witness cosigned, with its cosignatures and
  // the witnesses' keys; its root is compared during the walk, its signatures after it.
  const tree = await client.audit.treeCheckpoint.query(
    { partnershipId, log: 'partnership' },
    { signal },
  )
  const witnessedAt = tree.witnessed
    ? await client.audit.treeCheckpoint.query(
        { partnershipId, log: 'partnership', size: tree.witnessed.size },
        { signal },
      )
    : null
  let held: HeldTreeCheckpoint | null = null
  let unreadable: string | null = null
  if (witnessedAt?.checkpoint) {
    try {
      held = readTreeCheckpoint(partnershipId, witnessedAt.checkpoint.note)
    } catch (error) {
      unreadable = error instanceof Error ? error.message : String(error)
    }
  }
  // Imports the Ed25519 key ('spki') and checks every checkpoint's hash and signature first.
  const verifier = await AuditVerifier.create({
    checkpoints,
    publicKey,
    treeRoots: held ? [{ log: held.log, size: held.size, rootHash: held.rootHash }] : [],
  })
  let afterSeq = 0
  let total = 0
  let lastHash: string | null = null
  for (;;) {
    const page = await client.audit.events.query(
      { partnershipId, afterSeq, limit: PAGE },
      { signal },
    )
    total = Math.max(total, page.headSeq)
    for (const event of page.events) {
      // Events this viewer may not read come opaque (leaf hash and position): they verify too.
      if (!(await verifier.push(event))) break
      const head = verifier.head()
      lastHash = head?.hash ?? lastHash
    }
    const last = page.events[page.events.length - 1]
    if (last) afterSeq = last.seq
    onProgress({ checked: afterSeq, total: Math.max(total, afterSeq) })
    if (verifier.done || page.events.length < PAGE) break
  }
  const report = verifier.result()
  const treeSize = verifier.treeHeads().find((h) => h.log === partnershipId)?.size ?? 0
  let witnessed: WitnessedTree = { state: 'none' }
  if (unreadable !== null && tree.witnessed)
    witnessed = { state: 'unchecked', size: tree.witnessed.size, message: unreadable }
  else if (held && report.ok)
    witnessed = await checkWitnessed(held, partnershipId, publicKey.spki, tree.witnesses, treeSize)
  return { ...report, headHashChecked: lastHash, witnessed }
}

async function checkWitnessed(
  held: HeldTreeCheckpoint,
  partnershipId: string,
  spki: string,
  witnesses: readonly { vkey: string; party: string | null }[],
  treeSize: number,
): Promise<WitnessedTree> {
  const unchecked = (message: string): WitnessedTree => ({
    state: 'unchecked',
    size: held.size,
    message,
  })
  // The walk compared the root at this size; a tree that never reached it compared nothing.
  if (treeSize < held.size)
    return unchecked(
      `the checkpoint holds ${held.size} entries, but only ${treeSize} were checked here`,
    )
  if (!held.origin.endsWith(`/p/${partnershipId}`))
    return unchecked(`the checkpoint names another tree (${held.origin})`)
  try {
    const verified = await verifyCheckpoint(
      held.note,
      treeVerifierKey(held.origin, spki),
      witnesses.map((w) => parseVerifierKey(w.vkey)),
      held.origin,
    )
    const cosigned = new Set(verified.cosignatures.map((c) => formatVerifierKey(c.key)))
    const missing = witnesses.filter((w) => !cosigned.has(w.vkey))
    if (missing.length > 0)
      return unchecked(
        `${missing.length} witness cosignature(s) of the checkpoint do not verify or are missing`,
      )
    return {
      state: 'witnessed',
      size: held.size,
      parties: witnesses.map((w) => w.party),
      after: treeSize - held.size,
    }
  } catch (error) {
    // Signed by a key retired since (the CLI checks across rotations), or not verifying.
    if (error instanceof NoteError) return unchecked(error.message)
    throw error
  }
}
