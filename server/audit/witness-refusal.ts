/**
 * A witness's refusal as a signal its party's people see (ADR 0035). `concord witness` (and the
 * demo's in-process witnesses) report a refused checkpoint here: one transaction writes a joint
 * `checkpoint.witness_refused` ledger event, tells the party's leads, admins and auditors (bell,
 * email, the party's webhooks) and nobody of the other party; `witnessStatus` answers, per
 * registered witness, what it cosigned last and whether it refuses now.
 */
import { type Db, type Executor, type Trx, writeTransaction } from '../../db/connect'
import { DomainError } from '../../shared/errors'
import { DEPLOYMENT_LOG } from '../../shared/ledger-hash'
import type { Role } from '../../shared/roles'
import { formatVerifierKey, parseVerifierKey } from '../../shared/signed-note'
import { notify } from '../notify/outbox'
import { enqueueWebhooks } from '../notify/webhooks'
import { type Actor, appendEvent } from './ledger'
import type { LogName } from './proofs'
import { assertOwnWitness, listWitnesses } from './witness'

export const WITNESS_REFUSAL_KINDS = [
  'rollback',
  'split_view',
  'bad_checkpoint',
  'bad_proof',
] as const
export type WitnessRefusalKind = (typeof WITNESS_REFUSAL_KINDS)[number]

/** Who of the witness's party is told: those who answer for the party's record. */
export const TOLD_OF_REFUSALS: readonly Role[] = ['partnership_lead', 'admin', 'auditor']

export interface WitnessRefusalReport {
  log: string
  logName: LogName
  vkey: string
  kind: WitnessRefusalKind
  /** The tree size the log showed, and the one the witness cosigned before (null: none). */
  size: number | null
  witnessedSize: number | null
  message: string
  /** The caller's party when a person reports it: the witness must be that party's. */
  callerParty?: string | null
}

export async function recordWitnessRefusal(
  db: Db,
  actor: Actor,
  input: WitnessRefusalReport,
): Promise<{ seq: number; told: number }> {
  let vkey: string
  try {
    vkey = formatVerifierKey(parseVerifierKey(input.vkey))
  } catch (error) {
    throw new DomainError('VALIDATION', `${(error as Error).message}.`, { field: 'vkey' })
  }
  const witness = (await listWitnesses(db, input.log)).find((w) => w.vkey === vkey)
  if (!witness)
    throw new DomainError('NOT_FOUND', 'This key is not a witness registered for this tree.', {
      field: 'vkey',
    })
  if (input.callerParty !== undefined) assertOwnWitness(witness.party, input.callerParty)
  const partnershipId = input.log === DEPLOYMENT_LOG ? null : input.log
  const party = witness.party
  return writeTransaction(db, async (trx) => {
    // The same refusal again (a witness run on a schedule refuses the same tree each time) is
    // recorded once: the ledger does not grow with every retry, and people are told once. Asked
    // inside the write, so two reports at once cannot both find it new.
    const [now] = (await witnessStatus(trx, input.log)).filter((w) => w.vkey === vkey)
    const last = now?.refusing ? now.lastRefusal : null
    if (
      last &&
      last.kind === input.kind &&
      last.size === input.size &&
      last.witnessedSize === input.witnessedSize
    )
      return { seq: last.seq, told: 0 }
    const seq = await appendEvent(trx, actor, {
      partnershipId,
      action: 'checkpoint.witness_refused',
      entityType: 'checkpoint',
      entityId: vkey.slice(0, vkey.indexOf('+')),
      after: {
        log: input.logName,
        vkey,
        party,
        kind: input.kind,
        size: input.size,
        witnessedSize: input.witnessedSize,
        message: input.message,
      },
    })
    const payload = {
      partyCode: party,
      reasonCode: input.kind,
      text: input.message,
      ...(input.size !== null ? { needed: input.size } : {}),
      ...(input.witnessedSize !== null ? { have: input.witnessedSize } : {}),
    }
    // Who is told. Of a partnership's tree: the witness's party's people of that partnership. Of
    // the deployment's tree (every partnership's entries): its party's people in every
    // partnership the party belongs to; the operator's own witness, every party's.
    let told = 0
    for (const id of partnershipId !== null ? [partnershipId] : await partnershipsOf(trx, party))
      told += await tellOfRefusal(trx, id, party, payload, seq)
    return { seq, told }
  })
}

/** The partnerships a party belongs to; every partnership for null (the operator). */
async function partnershipsOf(db: Executor, party: string | null): Promise<string[]> {
  let query = db
    .selectFrom('partnership_parties as pp')
    .innerJoin('parties as pa', 'pa.id', 'pp.party_id')
    .select('pp.partnership_id')
    .distinct()
  if (party !== null) query = query.where('pa.code', '=', party)
  return (await query.execute()).map((r) => r.partnership_id)
}

/**
 * Tells one partnership's people of a refusal: the witness's party's leads, admins and auditors
 * (every party's for the operator's witness), by bell and email, and the same party's webhooks.
 * Nobody of another party hears of a party's witness. Returns how many people were told.
 */
async function tellOfRefusal(
  trx: Trx,
  partnershipId: string,
  party: string | null,
  payload: Record<string, unknown>,
  seq: number,
): Promise<number> {
  let people = trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('parties as pa', 'pa.id', 'u.party_id')
    .select(['u.id', 'pa.id as partyId'])
    .where('m.partnership_id', '=', partnershipId)
    .where('m.role', 'in', [...TOLD_OF_REFUSALS])
  if (party !== null) people = people.where('pa.code', '=', party)
  const recipients = [...new Set((await people.execute()).map((p) => p.id))]
  const told = await notify(trx, {
    recipients,
    kind: 'witness.refused',
    partnershipId,
    payload,
  })
  const partyId =
    party === null
      ? null
      : await trx.selectFrom('parties').select('id').where('code', '=', party).executeTakeFirst()
  await enqueueWebhooks(trx, {
    partnershipId,
    kind: 'witness.refused',
    // Only the witness's own party's systems hear of it, like its people (every party's for the
    // operator's witness).
    payloadFor: (viewerPartyId) =>
      party === null || viewerPartyId === partyId?.id
        ? { viewerPartyId, data: { ...payload, seq } }
        : null,
  })
  return told.notificationIds.length
}

export interface WitnessStatus {
  vkey: string
  party: string | null
  lastCosigned: { size: number; receivedAt: string } | null
  lastRefusal: {
    seq: number
    at: string
    kind: WitnessRefusalKind
    size: number | null
    witnessedSize: number | null
    message: string
  } | null
  /** Its newest word is a refusal: it has not cosigned since. */
  refusing: boolean
}

/** Every registered witness of a tree with its newest cosignature and newest refusal. */
export async function witnessStatus(db: Executor, log: string): Promise<WitnessStatus[]> {
  const witnesses = await listWitnesses(db, log)
  const partnershipId = log === DEPLOYMENT_LOG ? null : log
  const out: WitnessStatus[] = []
  for (const w of witnesses) {
    const cosigned = await db
      .selectFrom('ledger_cosignatures')
      .select(['size', 'received_at'])
      .where('log', '=', log)
      .where('witness', '=', w.vkey)
      .orderBy('received_at', 'desc')
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst()
    let refusals = db
      .selectFrom('ledger_events')
      .select(['seq', 'ts', 'payload'])
      .where('action', '=', 'checkpoint.witness_refused')
      .where('entity_id', '=', w.vkey.slice(0, w.vkey.indexOf('+')))
      .orderBy('seq', 'desc')
    refusals =
      partnershipId === null
        ? refusals.where('partnership_id', 'is', null)
        : refusals.where('partnership_id', '=', partnershipId)
    let lastRefusal: WitnessStatus['lastRefusal'] = null
    for (const row of await refusals.limit(20).execute()) {
      const after = (JSON.parse(row.payload) as { after: Record<string, unknown> }).after
      if (after.vkey !== w.vkey) continue
      lastRefusal = {
        seq: Number(row.seq),
        at: row.ts,
        kind: after.kind as WitnessRefusalKind,
        size: (after.size as number | null) ?? null,
        witnessedSize: (after.witnessedSize as number | null) ?? null,
        message: String(after.message ?? ''),
      }
      break
    }
    out.push({
      vkey: w.vkey,
      party: w.party,
      lastCosigned: cosigned
        ? { size: Number(cosigned.size), receivedAt: cosigned.received_at }
        : null,
      lastRefusal,
      refusing:
        lastRefusal !== null && (cosigned === undefined || cosigned.received_at < lastRefusal.at),
    })
  }
  return out
}
