/**
 * The server's side of witnessing (docs/ledger-spec.md §8): which witness keys a tree takes, and
 * storing the cosignatures they send back, each checked against the stored checkpoint and a
 * registered key before it is kept. Each is one transaction with its ledger event.
 */
import { type Db, writeTransaction } from '../../db/connect'
import { DomainError } from '../../shared/errors'
import { DEPLOYMENT_LOG } from '../../shared/ledger-hash'
import {
  formatVerifierKey,
  NoteError,
  parseNote,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  type VerifierKey,
  verifyCheckpoint,
} from '../../shared/signed-note'
import { type Actor, appendEvent } from './ledger'
import type { LogName } from './proofs'
import { logVerifierKey } from './tree-checkpoints'

export interface Witness {
  vkey: string
  party: string | null
  addedAt: string
}

export async function listWitnesses(db: Pick<Db, 'selectFrom'>, log: string): Promise<Witness[]> {
  const rows = await db
    .selectFrom('ledger_witnesses')
    .selectAll()
    .where('log', '=', log)
    .orderBy('added_at')
    .execute()
  return rows.map((r) => ({ vkey: r.vkey, party: r.party_code, addedAt: r.added_at }))
}

/** Registers a witness's verifier key (type 0x04) for a tree. */
export async function addWitness(
  db: Db,
  actor: Actor,
  input: { log: string; logName: LogName; vkey: string; party: string | null },
): Promise<Witness> {
  let key: VerifierKey
  try {
    key = parseVerifierKey(input.vkey)
  } catch (error) {
    throw new DomainError('VALIDATION', `${(error as Error).message}.`, { field: 'vkey' })
  }
  if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1)
    throw new DomainError(
      'VALIDATION',
      'A witness key must be a cosignature key (type 0x04): make one with "concord witness keygen".',
      { field: 'vkey' },
    )
  const vkey = formatVerifierKey(key)
  return writeTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('ledger_witnesses')
      .select('vkey')
      .where('log', '=', input.log)
      .where('vkey', '=', vkey)
      .executeTakeFirst()
    if (existing)
      throw new DomainError('CONFLICT', 'This witness key is registered for this tree already.', {
        field: 'vkey',
      })
    const addedAt = new Date().toISOString()
    await trx
      .insertInto('ledger_witnesses')
      .values({ log: input.log, vkey, party_code: input.party, added_at: addedAt })
      .execute()
    await appendEvent(trx, actor, {
      partnershipId: input.log === DEPLOYMENT_LOG ? null : input.log,
      action: 'checkpoint.witness_added',
      entityType: 'checkpoint',
      entityId: key.name,
      after: { log: input.logName, vkey, party: input.party },
    })
    return { vkey, party: input.party, addedAt }
  })
}

/**
 * Takes a witness's cosignature line for the stored checkpoint of `size` leaves: it must come from
 * a witness registered for the tree and verify over that checkpoint's text (cosignature/v1).
 */
export async function acceptCosignature(
  db: Db,
  actor: Actor,
  input: {
    log: string
    logName: LogName
    size: number
    cosignature: string
    /** The caller's party, when a person hands it in: the witness must be that party's (ADR 0035). */
    callerParty?: string | null
  },
): Promise<{ vkey: string; timestamp: number }> {
  const line = input.cosignature.endsWith('\n') ? input.cosignature : `${input.cosignature}\n`
  if (line.indexOf('\n') !== line.length - 1)
    throw new DomainError('VALIDATION', 'Send exactly one signature line.', {
      field: 'cosignature',
    })
  const row = await db
    .selectFrom('ledger_tree_checkpoints')
    .selectAll()
    .where('log', '=', input.log)
    .where('size', '=', input.size)
    .executeTakeFirst()
  if (!row)
    throw new DomainError('NOT_FOUND', `There is no checkpoint of ${input.size} entries.`, {
      field: 'size',
    })
  const origin = row.note.slice(0, row.note.indexOf('\n'))
  const registered = await listWitnesses(db, input.log)
  const witnesses = registered.map((w) => parseVerifierKey(w.vkey))
  let sent: { name: string; keyId: number }
  try {
    const parsed = parseNote(row.note + line)
    sent = parsed.signatures[parsed.signatures.length - 1] as { name: string; keyId: number }
  } catch (error) {
    throw new DomainError('VALIDATION', `${(error as Error).message}.`, { field: 'cosignature' })
  }
  const witness = witnesses.find((k) => k.name === sent.name && k.keyId === sent.keyId)
  if (!witness)
    throw new DomainError(
      'VALIDATION',
      `The cosignature is by ${sent.name}, which is not a witness registered for this tree.`,
      { field: 'cosignature' },
    )
  if (input.callerParty !== undefined)
    assertOwnWitness(registered[witnesses.indexOf(witness)]?.party ?? null, input.callerParty)
  let timestamp: number
  try {
    const verified = await verifyCheckpoint(
      row.note + line,
      logVerifierKey(origin, row.spki),
      [witness],
      origin,
    )
    const mine = verified.cosignatures.find((c) => c.key === witness)
    if (!mine) throw new NoteError('unverified_note', 'the witness did not sign')
    timestamp = mine.timestamp
  } catch (error) {
    throw new DomainError(
      'VALIDATION',
      `The cosignature does not verify over checkpoint ${input.size}: ${(error as Error).message}.`,
      { field: 'cosignature' },
    )
  }
  const vkey = formatVerifierKey(witness)
  await writeTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('ledger_cosignatures')
      .values({
        log: input.log,
        size: input.size,
        witness: vkey,
        line,
        timestamp,
        received_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['log', 'size', 'witness']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return
    await appendEvent(trx, actor, {
      partnershipId: input.log === DEPLOYMENT_LOG ? null : input.log,
      action: 'checkpoint.cosigned',
      entityType: 'checkpoint',
      entityId: `${origin}@${input.size}`,
      after: { log: input.logName, size: input.size, vkey, timestamp },
    })
  })
  return { vkey, timestamp }
}

/**
 * A person hands in (or reports for) only their own party's witness: another party's admin or
 * lead may not speak for it (ADR 0035). A witness of no party (the deployment's) is the
 * operator's, and no party's person speaks for it either.
 */
export function assertOwnWitness(witnessParty: string | null, callerParty: string | null): void {
  if (witnessParty === null || witnessParty !== callerParty)
    throw new DomainError(
      'FORBIDDEN',
      `Only ${witnessParty ?? 'the operator'}'s people may hand in what its witness says.`,
      {
        field: 'cosignature',
        rule: { name: 'ownPartysWitness', params: { party: witnessParty ?? '' } },
      },
    )
}
