/**
 * Checkpoints of the ledger's Merkle trees as C2SP signed notes (docs/ledger-spec.md §6–§8): the
 * server signs `<origin>\n<size>\n<base64 root>\n` with the deployment's Ed25519 ledger key under
 * the key name `<origin>`; witnesses add cosignature lines, which are stored apart and appended
 * when the checkpoint is served.
 */
import { sign } from 'node:crypto'
import type { Executor } from '../../db/connect'
import { DEPLOYMENT_LOG } from '../../shared/ledger-hash'
import { fromHex, toHex } from '../../shared/merkle'
import {
  base64Decode,
  base64Encode,
  formatCheckpoint,
  formatVerifierKey,
  type NoteSigner,
  SIGNATURE_TYPE_ED25519,
  signNote,
  type VerifierKey,
  verifierKey,
} from '../../shared/signed-note'
import type { SigningKey } from './keys'
import { rootAt, treeSize } from './tree'

/** `<deployment>/p/<partnership id>`, or `<deployment>/deployment` for the deployment-wide log. */
export function originOf(deployment: string, log: string): string {
  return log === DEPLOYMENT_LOG ? `${deployment}/${DEPLOYMENT_LOG}` : `${deployment}/p/${log}`
}

/** The 32-byte Ed25519 public key inside a SubjectPublicKeyInfo (base64 DER, 44 bytes). */
export function rawEd25519Key(spki: string): Uint8Array {
  const der = base64Decode(spki)
  if (der?.length !== 44) throw new Error('not an Ed25519 SubjectPublicKeyInfo')
  return der.slice(12)
}

/** The verifier key (type 0x01) of the ledger key for one origin. */
export function logVerifierKey(origin: string, spki: string): VerifierKey {
  return verifierKey(origin, SIGNATURE_TYPE_ED25519, rawEd25519Key(spki))
}

function logSigner(key: SigningKey, origin: string): NoteSigner {
  const vkey = logVerifierKey(origin, key.publicKey.spki)
  return {
    name: origin,
    keyId: vkey.keyId,
    sign: async (text) => new Uint8Array(sign(null, text, key.privateKey)),
  }
}

export interface TreeCheckpoint {
  log: string
  origin: string
  size: number
  rootHash: string
  /** The signed note: the log's signature, then every stored cosignature. */
  note: string
  /** The verifier key of the key that signed it. */
  vkey: string
  madeAt: string
}

type Row = {
  log: string
  size: number
  root_hash: string
  note: string
  key_id: string
  spki: string
  made_at: string
}

async function withCosignatures(db: Executor, row: Row): Promise<TreeCheckpoint> {
  const lines = await db
    .selectFrom('ledger_cosignatures')
    .select('line')
    .where('log', '=', row.log)
    .where('size', '=', row.size)
    .orderBy('received_at')
    .orderBy('witness')
    .execute()
  const origin = row.note.slice(0, row.note.indexOf('\n'))
  return {
    log: row.log,
    origin,
    size: Number(row.size),
    rootHash: base64Encode(fromHex(row.root_hash)),
    note: row.note + lines.map((l) => l.line).join(''),
    vkey: formatVerifierKey(logVerifierKey(origin, row.spki)),
    madeAt: row.made_at,
  }
}

/** The newest checkpoint of a log, or the one of exactly `size` leaves; null when none. */
export async function treeCheckpoint(
  db: Executor,
  log: string,
  options: { size?: number; coveringIndex?: number } = {},
): Promise<TreeCheckpoint | null> {
  let q = db.selectFrom('ledger_tree_checkpoints').selectAll().where('log', '=', log)
  if (options.size !== undefined) q = q.where('size', '=', options.size)
  if (options.coveringIndex !== undefined) q = q.where('size', '>', options.coveringIndex)
  const row = await q.orderBy('size', 'desc').limit(1).executeTakeFirst()
  return row ? withCosignatures(db, row) : null
}

/**
 * Signs a checkpoint over the log's tree as it is now, unless the newest one already covers it.
 * Idempotent: two instances signing the same size keep one.
 */
export async function signTreeCheckpoint(
  db: Executor,
  key: SigningKey,
  log: string,
): Promise<TreeCheckpoint> {
  const size = await treeSize(db, log)
  const last = await treeCheckpoint(db, log)
  if (last && last.size >= size) return last
  const origin = originOf(key.deployment, log)
  const rootHash = await rootAt(db, log, size)
  const text = formatCheckpoint({ origin, size, rootHash, extensions: [] })
  const note = await signNote(text, [logSigner(key, origin)])
  const signer = logVerifierKey(origin, key.publicKey.spki)
  await db
    .insertInto('ledger_tree_checkpoints')
    .values({
      log,
      size,
      root_hash: toHex(rootHash),
      note,
      key_id: signer.keyId.toString(16).padStart(8, '0'),
      spki: key.publicKey.spki,
      made_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['log', 'size']).doNothing())
    .execute()
  return (await treeCheckpoint(db, log, { size })) as TreeCheckpoint
}

/** Every log: the deployment-wide one and one per partnership. */
export async function allLogs(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('partnerships').select('id').orderBy('created_at').execute()
  return [DEPLOYMENT_LOG, ...rows.map((r) => r.id)]
}

/** Signs a checkpoint of every log that grew since its last one. */
export async function signTreeCheckpoints(
  db: Executor,
  key: SigningKey,
): Promise<TreeCheckpoint[]> {
  const out: TreeCheckpoint[] = []
  for (const log of await allLogs(db)) out.push(await signTreeCheckpoint(db, key, log))
  return out
}

/**
 * The newest checkpoint that every registered witness of the tree cosigned, or null (also when no
 * witness is registered): events after its size are vouched for by the operator alone.
 */
export async function newestWitnessed(
  db: Executor,
  log: string,
): Promise<{ size: number; witnesses: string[] } | null> {
  const registered = await db
    .selectFrom('ledger_witnesses')
    .select('vkey')
    .where('log', '=', log)
    .execute()
  if (registered.length === 0) return null
  const row = await db
    .selectFrom('ledger_cosignatures')
    .select('size')
    .where('log', '=', log)
    .where(
      'witness',
      'in',
      registered.map((r) => r.vkey),
    )
    .groupBy('size')
    .having((eb) => eb.fn.count('witness'), '=', registered.length)
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? { size: Number(row.size), witnesses: registered.map((r) => r.vkey) } : null
}
