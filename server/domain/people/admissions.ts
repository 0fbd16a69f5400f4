/**
 * External auditors (people of no party) are admitted to a partnership only when an admin or a
 * partnership lead of EVERY party has approved. The account waits as `pending` (it cannot sign
 * in) until then; the requesting admin's approval counts for their own party.
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Trx, writeTransaction } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import { CONFIRMER_ROLES } from '../../../shared/roles'
import { appendEvent } from '../../audit/ledger'
import { requireFreshAuthentication } from '../../auth/fresh'
import { actorOf, createUser, type SessionUser } from '../users'

async function partiesOf(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('partnership_parties')
    .innerJoin('parties', 'parties.id', 'partnership_parties.party_id')
    .select(['parties.id', 'parties.code'])
    .where('partnership_parties.partnership_id', '=', partnershipId)
    .execute()
}

function assertApprover(
  user: SessionUser,
  partnershipId: string,
  parties: { id: string }[],
): string {
  const roles = user.roles[partnershipId] ?? []
  if (
    user.partyId === null ||
    !parties.some((p) => p.id === user.partyId) ||
    !roles.some((r) => CONFIRMER_ROLES.includes(r))
  ) {
    throw new DomainError(
      'FORBIDDEN',
      "An external auditor's admission is approved by an admin or a partnership lead of each party.",
      { field: 'admissionId' },
    )
  }
  return user.partyId
}

async function approve(
  trx: Trx,
  user: SessionUser,
  admission: { id: string; partnership_id: string; user_id: string; requested_by: string },
  partyId: string,
  parties: { id: string; code: string }[],
) {
  const now = new Date().toISOString()
  await trx
    .insertInto('auditor_admission_approvals')
    .values({
      admission_id: admission.id,
      party_id: partyId,
      approved_by: user.id,
      approved_at: now,
    })
    .execute()
  await appendEvent(trx, actorOf(user), {
    partnershipId: admission.partnership_id,
    action: 'auditor.admission_approved',
    entityType: 'user',
    entityId: admission.user_id,
    after: { admissionId: admission.id, party: user.partyCode },
  })
  const approvals = await trx
    .selectFrom('auditor_admission_approvals')
    .select('party_id')
    .where('admission_id', '=', admission.id)
    .execute()
  if (!parties.every((p) => approvals.some((a) => a.party_id === p.id))) return 'pending' as const
  await trx
    .updateTable('auditor_admissions')
    .set({ status: 'admitted', decided_at: now })
    .where('id', '=', admission.id)
    .execute()
  await trx
    .updateTable('users')
    .set({ status: 'active' })
    .where('id', '=', admission.user_id)
    .execute()
  await trx
    .insertInto('memberships')
    .values({
      partnership_id: admission.partnership_id,
      user_id: admission.user_id,
      role: 'auditor',
      created_at: now,
    })
    .execute()
  await trx
    .insertInto('role_grants')
    .values({
      id: randomUUID(),
      partnership_id: admission.partnership_id,
      user_id: admission.user_id,
      role: 'auditor',
      status: 'active',
      source: 'admin',
      requested_by: admission.requested_by,
      requested_at: now,
      confirmed_by: user.id,
      confirmed_at: now,
      ended_by: null,
      ended_at: null,
    })
    .execute()
  await appendEvent(trx, actorOf(user), {
    partnershipId: admission.partnership_id,
    action: 'auditor.admitted',
    entityType: 'user',
    entityId: admission.user_id,
    after: {
      admissionId: admission.id,
      parties: parties.map((p) => p.code).sort(),
      role: 'auditor',
    },
  })
  return 'admitted' as const
}

/** An admin of the partnership asks to admit an external auditor; their party has approved. */
export function requestAdmission(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; email: string; name: string; password: string; locale?: string },
) {
  return writeTransaction(db, async (trx) => {
    const parties = await partiesOf(trx, input.partnershipId)
    const partyId = assertApprover(admin, input.partnershipId, parties)
    const { id: userId } = await createUser(trx, actorOf(admin), {
      email: input.email,
      name: input.name,
      password: input.password,
      partyCode: null,
      locale: input.locale,
      status: 'pending',
    })
    const admission = {
      id: randomUUID(),
      partnership_id: input.partnershipId,
      user_id: userId,
      requested_by: admin.id,
    }
    await trx
      .insertInto('auditor_admissions')
      .values({
        ...admission,
        status: 'pending',
        requested_at: new Date().toISOString(),
        decided_at: null,
      })
      .execute()
    await appendEvent(trx, actorOf(admin), {
      partnershipId: input.partnershipId,
      action: 'auditor.admission_requested',
      entityType: 'user',
      entityId: userId,
      after: { admissionId: admission.id, role: 'auditor' },
    })
    const status = await approve(trx, admin, admission, partyId, parties)
    return { admissionId: admission.id, userId, status }
  })
}

/** An admin or partnership lead of a party that has not approved yet approves, freshly signed in. */
export function approveAdmission(
  db: Db,
  user: SessionUser,
  sessionId: string,
  admissionId: string,
) {
  return writeTransaction(db, async (trx) => {
    const admission = await trx
      .selectFrom('auditor_admissions')
      .select(['id', 'partnership_id', 'user_id', 'requested_by', 'status'])
      .where('id', '=', admissionId)
      .executeTakeFirst()
    if (!admission || (user.roles[admission.partnership_id] ?? []).length === 0)
      throw new DomainError('NOT_FOUND', 'No such admission.', { field: 'admissionId' })
    const parties = await partiesOf(trx, admission.partnership_id)
    const partyId = assertApprover(user, admission.partnership_id, parties)
    if (admission.status !== 'pending')
      throw new DomainError('CONFLICT', `This admission is ${admission.status} already.`, {
        field: 'admissionId',
      })
    const already = await trx
      .selectFrom('auditor_admission_approvals')
      .select('approved_by')
      .where('admission_id', '=', admission.id)
      .where('party_id', '=', partyId)
      .executeTakeFirst()
    if (already)
      throw new DomainError('CONFLICT', `${user.partyCode} has approved this admission already.`, {
        field: 'admissionId',
      })
    await requireFreshAuthentication(trx, sessionId)
    const status = await approve(trx, user, admission, partyId, parties)
    return { admissionId: admission.id, status }
  })
}

/** Admissions waiting in a partnership, with the parties that have approved each. */
export async function pendingAdmissions(db: Db, user: SessionUser, partnershipId: string) {
  const rows = await db
    .selectFrom('auditor_admissions')
    .innerJoin('users', 'users.id', 'auditor_admissions.user_id')
    .innerJoin('users as requester', 'requester.id', 'auditor_admissions.requested_by')
    .select([
      'auditor_admissions.id',
      'auditor_admissions.requested_at',
      'users.name',
      'users.email',
      'requester.name as requestedBy',
    ])
    .where('auditor_admissions.partnership_id', '=', partnershipId)
    .where('auditor_admissions.status', '=', 'pending')
    .orderBy('auditor_admissions.requested_at')
    .execute()
  const approvals = rows.length
    ? await db
        .selectFrom('auditor_admission_approvals')
        .innerJoin('parties', 'parties.id', 'auditor_admission_approvals.party_id')
        .select(['auditor_admission_approvals.admission_id', 'parties.code'])
        .where(
          'auditor_admission_approvals.admission_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : []
  const mayApprove =
    user.partyId !== null &&
    (user.roles[partnershipId] ?? []).some((r) => CONFIRMER_ROLES.includes(r))
  return rows.map((r) => {
    const approvedBy = approvals
      .filter((a) => a.admission_id === r.id)
      .map((a) => a.code)
      .sort()
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      requestedBy: r.requestedBy,
      requestedAt: r.requested_at,
      approvedBy,
      canApprove: mayApprove && !approvedBy.includes(user.partyCode ?? ''),
    }
  })
}
