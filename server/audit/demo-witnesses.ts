/**
 * The demo's witnesses, one per party of each partnership, run inside the server process
 * (docs/decisions/0025-witnessed-decisions.md). Each has its own Ed25519 key and its own state file
 * under DATA_DIR/witnesses/ and runs the very round `concord witness` runs (witnessOnce): fetch the
 * newest checkpoint and a consistency proof from what it cosigned last, verify, then cosign. Only
 * the transport differs: the same server functions the tRPC procedures call, without HTTP.
 *
 * A real deployment turns this off (DEMO_WITNESSES=false) and each party runs `concord witness`
 * on its own machine (README, "Running each party's witness"): a witness inside the operator's
 * process proves nothing about the operator.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Db } from '../../db/connect'
import {
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  parseSignerKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
} from '../../shared/signed-note'
import { makeCheckpoint } from './checkpoints'
import type { SigningKey } from './keys'
import { type Actor, SYSTEM_ACTOR } from './ledger'
import { proveConsistency } from './proofs'
import { treeSize } from './tree'
import { logVerifierKey, originOf, treeCheckpoint } from './tree-checkpoints'
import { acceptCosignature, addWitness, listWitnesses } from './witness'
import { WitnessRefusal, type WitnessTransport, witnessOnce } from './witness-client'
import { recordWitnessRefusal } from './witness-refusal'

/** Events the witnessing itself writes: a tree that grew only by these needs no new checkpoint. */
const WITNESS_ACTIONS = [
  'checkpoint.cosigned',
  'checkpoint.witness_added',
  'checkpoint.witness_refused',
] as const

/** The server functions behind audit.treeCheckpoint, audit.consistency and audit.cosign. */
export function inProcessTransport(
  db: Db,
  key: SigningKey,
  partnershipId: string,
  actor: Actor,
): WitnessTransport {
  return {
    treeCheckpoint: async () => ({ checkpoint: await treeCheckpoint(db, partnershipId) }),
    consistency: (input) => proveConsistency(db, key, partnershipId, input),
    cosign: (input) =>
      acceptCosignature(db, actor, {
        log: partnershipId,
        logName: 'partnership',
        size: input.size,
        cosignature: input.cosignature,
      }),
    refused: (input) =>
      recordWitnessRefusal(db, actor, { ...input, log: partnershipId, logName: 'partnership' }),
  }
}

interface DemoWitness {
  partnershipId: string
  party: string
  skey: string
  stateFile: string
}

/** The party's demo witness key, made on first use (mode 0600). */
async function witnessKeyOf(dir: string, party: string, deployment: string): Promise<string> {
  const file = path.join(dir, `${party.toLowerCase()}.key`)
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const key = await generateSignerKey(
    `${party.toLowerCase()}-witness.${deployment}`,
    SIGNATURE_TYPE_COSIGNATURE_V1,
  )
  const text = formatSignerKey(key)
  writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' })
  return text
}

/**
 * Makes (or reads) each party's witness key and registers it for each partnership's tree, as the
 * party's admin would with `audit.addWitness`.
 */
export async function setUpDemoWitnesses(
  db: Db,
  key: SigningKey,
  dataDir: string,
): Promise<DemoWitness[]> {
  const dir = path.join(dataDir, 'witnesses')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const rows = await db
    .selectFrom('partnership_parties as pp')
    .innerJoin('parties as p', 'p.id', 'pp.party_id')
    .select(['pp.partnership_id', 'p.code'])
    .orderBy('pp.partnership_id')
    .orderBy('p.code')
    .execute()
  const out: DemoWitness[] = []
  for (const row of rows) {
    const skey = await witnessKeyOf(dir, row.code, key.deployment)
    const vkey = formatVerifierKey(await parseSignerKey(skey))
    const registered = await listWitnesses(db, row.partnership_id)
    if (!registered.some((w) => w.vkey === vkey))
      // The operator's process registers the demo's witnesses: the ledger says so (the system),
      // never that the party did.
      await addWitness(
        db,
        { userId: null, partyCode: null },
        { log: row.partnership_id, logName: 'partnership', vkey, party: row.code },
      )
    out.push({
      partnershipId: row.partnership_id,
      party: row.code,
      skey,
      stateFile: path.join(dir, `${row.code.toLowerCase()}-${row.partnership_id}.state.json`),
    })
  }
  return out
}

/**
 * Whether the tree has entries past its newest checkpoint other than the witnesses' own, and
 * whether one of them is a decision being issued. Two indexed reads.
 */
async function pending(db: Db, log: string): Promise<{ any: boolean; decision: boolean }> {
  const [last, size] = await Promise.all([treeCheckpoint(db, log), treeSize(db, log)])
  const from = last?.size ?? 0
  if (size <= from) return { any: false, decision: false }
  const rows = await db
    .selectFrom('ledger_tree_hashes as h')
    .innerJoin('ledger_events as e', 'e.seq', 'h.seq')
    .select('e.action')
    .where('h.log', '=', log)
    .where('h.level', '=', 0)
    .where('h.idx', '>=', from)
    .where('e.action', 'not in', [...WITNESS_ACTIONS])
    .limit(1)
    .execute()
  const decision = await db
    .selectFrom('ledger_tree_hashes as h')
    .innerJoin('ledger_events as e', 'e.seq', 'h.seq')
    .select('e.seq')
    .where('h.log', '=', log)
    .where('h.level', '=', 0)
    .where('h.idx', '>=', from)
    .where('e.action', '=', 'decision.issued')
    .limit(1)
    .executeTakeFirst()
  return { any: rows.length > 0, decision: decision !== undefined }
}

export interface DemoWitnessRound {
  checkpointed: boolean
  cosigned: { party: string; partnershipId: string; size: number }[]
  refused: { party: string; partnershipId: string; kind: string; message: string }[]
}

/**
 * One round for every demo witness: sign a checkpoint when a decision waits for one (or when
 * `force`d: the timer's turn and the tree grew), then let each party's witness cosign it.
 */
export async function demoWitnessRound(
  db: Db,
  key: SigningKey,
  witnesses: DemoWitness[],
  options: { force?: boolean } = {},
): Promise<DemoWitnessRound> {
  const round: DemoWitnessRound = { checkpointed: false, cosigned: [], refused: [] }
  const logs = [...new Set(witnesses.map((w) => w.partnershipId))]
  let due = false
  for (const log of logs) {
    const p = await pending(db, log)
    if (p.decision || (options.force && p.any)) due = true
  }
  if (due) {
    await makeCheckpoint(db, key, SYSTEM_ACTOR, { reason: 'request' })
    round.checkpointed = true
  }
  for (const w of witnesses) {
    const logKey = formatVerifierKey(
      logVerifierKey(originOf(key.deployment, w.partnershipId), key.publicKey.spki),
    )
    const latest = await treeCheckpoint(db, w.partnershipId)
    if (!latest) continue
    const seen = readSize(w.stateFile)
    if (seen !== null && seen === latest.size) continue
    try {
      const run = await witnessOnce({
        transport: inProcessTransport(db, key, w.partnershipId, {
          userId: null,
          partyCode: w.party,
        }),
        log: 'partnership',
        logKey,
        witnessKey: w.skey,
        stateFile: w.stateFile,
      })
      round.cosigned.push({ party: w.party, partnershipId: w.partnershipId, size: run.to })
    } catch (error) {
      if (!(error instanceof WitnessRefusal)) throw error
      round.refused.push({
        party: w.party,
        partnershipId: w.partnershipId,
        kind: error.kind,
        message: error.message,
      })
    }
  }
  return round
}

function readSize(file: string): number | null {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { size: number }).size
  } catch {
    return null
  }
}

/**
 * Runs the demo witnesses: a look every `pollMs` (a decision issued since the last checkpoint is
 * witnessed at once), and every `everyMs` a round for whatever else the tree gained. A refusal is
 * printed loudly, as `concord witness` prints it. Returns a function that stops them.
 */
export function startDemoWitnesses(
  db: Db,
  key: SigningKey,
  dataDir: string,
  options: { pollMs?: number; everyMs: number; onError?: (error: unknown) => void },
): () => Promise<void> {
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()
  let witnesses: DemoWitness[] | null = null
  let lastForced = 0
  const tick = () => {
    if (stopped) return
    running = running
      .then(async () => {
        witnesses ??= await setUpDemoWitnesses(db, key, dataDir)
        const force = Date.now() - lastForced >= options.everyMs
        if (force) lastForced = Date.now()
        const round = await demoWitnessRound(db, key, witnesses, { force })
        for (const r of round.refused)
          console.error(
            `REFUSED (${r.kind}) by ${r.party}'s demo witness of partnership ${r.partnershipId}: ${r.message}`,
          )
      })
      .catch((error: unknown) => options.onError?.(error))
  }
  const timer = setInterval(tick, options.pollMs ?? 2000)
  timer.unref()
  tick()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}
