/**
 * The authorization matrix (authorization-table.ts), cell by cell, over HTTP against the real
 * app: allowed calls succeed; refused ones get the code the table names and change nothing —
 * neither the data nor the ledger (a security.access_denied event aside). Every procedure of the
 * router must have a row, so a procedure added later without one fails here.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { createApp } from '../../server/app'
import { demoWitnessRound, setUpDemoWitnesses } from '../../server/audit/demo-witnesses'
import { signingKey } from '../../server/audit/keys'
import { SYSTEM_ACTOR } from '../../server/audit/ledger'
import { treeCheckpoint } from '../../server/audit/tree-checkpoints'
import { addWitness } from '../../server/audit/witness'
import { createSession } from '../../server/auth/session'
import { setShutdownDay } from '../../server/domain/calendar'
import { requestAdmission } from '../../server/domain/people/admissions'
import { createDelegation } from '../../server/domain/people/delegations'
import { configureProvider, requestMapping } from '../../server/domain/people/identity-provider'
import { requestRoles } from '../../server/domain/people/roles'
import {
  createUser,
  loadSessionUser,
  type SessionUser,
  setUserStatus,
} from '../../server/domain/users'
import { createWebhook, setWebhookEnabled } from '../../server/domain/webhooks'
import { appRouter } from '../../server/routers'
import { check, type ProposalAction, relationsFrom } from '../../shared/lifecycle'
import {
  cosignatureSigner,
  formatVerifierKey,
  generateSignerKey,
  parseNote,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  type SignerKey,
  signNote,
} from '../../shared/signed-note'
import { DEMO_PASSWORD, type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { databaseFingerprint } from '../helpers/fingerprint'
import { startTestProvider, type TestProvider } from '../helpers/oidc'
import { type DemoIndex, demoIndex, impacts, proposalInState } from '../helpers/workflow'
import { ACTOR_KINDS, type ActorKind, AUTHORIZATION, type Outcome } from './authorization-table'

const procedures = (
  appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } }
)._def.procedures

const EMAILS: Record<ActorKind, string | null> = {
  anonymous: null,
  disabled: 'disabled@honda.example',
  author: 'engineer@honda.example',
  assignedReviewer: 'engineer@nissan.example',
  member: 'member@honda.example',
  otherPartyMember: 'member@nissan.example',
  workstreamLead: 'battery.lead@honda.example',
  partnershipLead: 'lead@honda.example',
  partyAuditor: 'auditor@honda.example',
  externalAuditor: 'auditor@external-audit.example',
  admin: 'admin@honda.example',
  otherPartyAdmin: 'admin@nissan.example',
  outsider: 'outsider@other.example',
}
const PARTY: Record<ActorKind, string | null> = {
  anonymous: null,
  disabled: 'HONDA',
  author: 'HONDA',
  assignedReviewer: 'NISSAN',
  member: 'HONDA',
  otherPartyMember: 'NISSAN',
  workstreamLead: 'HONDA',
  partnershipLead: 'HONDA',
  partyAuditor: 'HONDA',
  externalAuditor: null,
  admin: 'HONDA',
  otherPartyAdmin: 'NISSAN',
  outsider: 'OTHERCO',
}
const PARTICIPANT_KINDS: ActorKind[] = [
  'author',
  'assignedReviewer',
  'member',
  'otherPartyMember',
  'workstreamLead',
  'partnershipLead',
]
/** The other reviewer, of the author's party; not one of the kinds. */
const HONDA_REVIEWER = 'software.lead@honda.example'
const CONCERN_RAISER: ActorKind = 'assignedReviewer'

const HTTP: Record<number, Outcome | 'BAD_REQUEST'> = {
  200: 'ok',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
}

/** What the lifecycle table says a kind of actor gets for an action on a WS-BAT decision by HONDA. */
function lifecycleOutcome(
  kind: ActorKind,
  action: ProposalAction,
  state: Parameters<typeof check>[1],
): Outcome | 'BAD_REQUEST' {
  if (kind === 'anonymous' || kind === 'disabled') return 'UNAUTHORIZED'
  if (kind === 'outsider') return 'NOT_FOUND'
  if (state === 'draft' && PARTY[kind] !== 'HONDA') return 'NOT_FOUND'
  const relations = relationsFrom({
    isAuthor: kind === 'author',
    isParticipant: PARTICIPANT_KINDS.includes(kind),
    isAssignedReviewer: kind === 'assignedReviewer',
    isWorkstreamLead: kind === 'workstreamLead',
    isPartnershipLead: kind === 'partnershipLead',
    sameParty: PARTY[kind] === 'HONDA',
    needsPartnershipLeads: false,
    concern: {
      isRaiser: kind === CONCERN_RAISER,
      sameParty: PARTY[kind] === PARTY[CONCERN_RAISER],
    },
  })
  const verdict = check(action, state, relations)
  return verdict.allowed ? 'ok' : verdict.reason === 'role' ? 'FORBIDDEN' : 'BAD_REQUEST'
}

describe.each(DATABASE_KINDS)('the authorization matrix (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let app: ReturnType<typeof createApp>
  let fixture: {
    partnershipId: string
    proposalId: string
    decisionId: string
    workstreamId: string
    checkpoint: unknown
  }
  const userIds = new Map<string, string>()
  /** The cookie the disabled user had before an admin disabled them (its session ended then). */
  let disabledCookie = ''
  /** HONDA's OpenID Connect provider, a real one on a local port (sso.* cells). */
  let provider: TestProvider
  let counter = 0
  const tally = { cells: 0, allowed: 0, refused: 0 }

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    app = createApp({ db: world.db, config: testConfig() })
    provider = await startTestProvider({
      name: 'honda',
      redirectUris: ['http://127.0.0.1:65000/auth/oidc/callback'],
      accounts: [],
    })
    // Another partnership, with a person who belongs to it alone.
    const otherId = randomUUID()
    const now = new Date().toISOString()
    await writeTransaction(world.db, async (trx) => {
      await trx
        .insertInto('parties')
        .values({ id: randomUUID(), code: 'OTHERCO', name: 'Other Co.', name_ja: 'その他' })
        .execute()
      await trx
        .insertInto('partnerships')
        .values({
          id: otherId,
          slug: 'other',
          name: 'Another partnership',
          description: '',
          status: 'active',
          charter_version: 1,
          approval_policy: '{"reviewsPerParty":{"decision":1,"amendment":2}}',
          next_proposal_number: 1,
          next_decision_number: 1,
          created_at: now,
        })
        .execute()
      const outsider = await createUser(trx, SYSTEM_ACTOR, {
        email: EMAILS.outsider as string,
        name: 'Outsider',
        password: DEMO_PASSWORD,
        partyCode: 'OTHERCO',
      })
      await trx
        .insertInto('memberships')
        .values({ partnership_id: otherId, user_id: outsider.id, role: 'member', created_at: now })
        .execute()
      const disabled = await createUser(trx, SYSTEM_ACTOR, {
        email: EMAILS.disabled as string,
        name: 'Disabled',
        password: DEMO_PASSWORD,
        partyCode: 'HONDA',
      })
      await trx
        .insertInto('memberships')
        .values({
          partnership_id: world.partnershipId,
          user_id: disabled.id,
          role: 'member',
          created_at: now,
        })
        .execute()
      const session = await createSession(
        trx,
        disabled.id,
        { idleMs: 3_600_000, absoluteMs: 3_600_000 },
        { ip: null, userAgent: null },
      )
      disabledCookie = `concord_session=${session.token}`
      await setUserStatus(trx, SYSTEM_ACTOR, disabled.id, 'disabled')
    })
    for (const u of await world.db.selectFrom('users').select(['id', 'email']).execute())
      userIds.set(u.email, u.id)
    const build = {
      author: EMAILS.author as string,
      reviewers: [HONDA_REVIEWER, EMAILS.assignedReviewer as string],
    }
    const submitted = await proposalInState(world, ix, 'in_review', build)
    const approved = await proposalInState(world, ix, 'approved', build)
    const decision = await (await world.as('lead@honda.example')).proposal.get({
      proposalId: approved.id,
    })
    // Each party's witness cosigns a checkpoint over the decision: it is final, and has a
    // certificate (decision.certificate).
    const key = signingKey(testConfig())
    await demoWitnessRound(
      world.db,
      key,
      await setUpDemoWitnesses(world.db, key, mkdtempSync(path.join(tmpdir(), 'concord-authz-'))),
    )
    const made = await (await world.as('lead@honda.example')).audit.createCheckpoint({
      partnershipId: world.partnershipId,
    })
    fixture = {
      partnershipId: world.partnershipId,
      proposalId: submitted.id,
      decisionId: decision.decision?.id as string,
      workstreamId: ix.workstream('WS-BAT'),
      checkpoint: made.checkpoint,
    }
  })

  afterAll(async () => {
    console.info(
      `authorization matrix (${kind}): ${tally.cells} cells, ${tally.allowed} allowed, ${tally.refused} refused`,
    )
    await provider?.stop()
    await world?.destroy()
  })

  async function cookieOf(actor: ActorKind): Promise<string | undefined> {
    const email = EMAILS[actor]
    if (!email) return undefined
    if (actor === 'disabled') return disabledCookie
    // A session of its own for every call, so a logout in one cell does not sign out the next.
    const { token } = await createSession(
      world.db,
      userIds.get(email) as string,
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    return `concord_session=${token}`
  }

  /** A user made for one call, so a call that changes them changes no one else. */
  async function victim(options: { disabled?: boolean; member?: boolean } = {}): Promise<string> {
    return writeTransaction(world.db, async (trx) => {
      const { id } = await createUser(trx, SYSTEM_ACTOR, {
        email: `victim${++counter}@honda.example`,
        name: `Victim ${counter}`,
        password: DEMO_PASSWORD,
        partyCode: 'HONDA',
      })
      if (options.member) {
        await trx
          .insertInto('memberships')
          .values({
            partnership_id: world.partnershipId,
            user_id: id,
            role: 'member',
            created_at: new Date().toISOString(),
          })
          .execute()
      }
      if (options.disabled) await setUserStatus(trx, SYSTEM_ACTOR, id, 'disabled')
      return id
    })
  }

  async function sessionUser(email: string) {
    return (await loadSessionUser(world.db, userIds.get(email) as string)) as SessionUser
  }

  /** A power role for a HONDA person, asked for by HONDA's admin and waiting for a second person. */
  async function pendingGrant(): Promise<string> {
    const userId = await victim({ member: true })
    await requestRoles(world.db, await sessionUser(EMAILS.admin as string), {
      partnershipId: world.partnershipId,
      userId,
      roles: ['member', 'workstream_lead'],
    })
    const row = await world.db
      .selectFrom('role_grants')
      .select('id')
      .where('user_id', '=', userId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    return row.id
  }

  function delegationDays() {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
    return { startsOn: day(0), endsOn: day(7) }
  }

  /** HONDA's workstream lead lets a HONDA member sign for them; waiting for a second person. */
  async function pendingDelegation(): Promise<string> {
    const made = await createDelegation(
      world.db,
      await sessionUser(EMAILS.workstreamLead as string),
      {
        partnershipId: world.partnershipId,
        delegateId: await victim({ member: true }),
        reason: '',
        ...delegationDays(),
      },
    )
    return made.delegationId
  }

  function providerSettings() {
    return {
      partyCode: 'HONDA',
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      groupClaim: 'groups',
      passwordSignIn: true,
    }
  }

  /** HONDA's admin connects HONDA's provider (once; a mapping needs one). */
  async function configureHondaProvider() {
    await configureProvider(world.db, await sessionUser(EMAILS.admin as string), providerSettings())
  }

  /** A mapping change asked for by HONDA's admin, waiting for a second HONDA person. */
  async function pendingMapping(): Promise<string> {
    await configureHondaProvider()
    const { changeId } = await requestMapping(world.db, await sessionUser(EMAILS.admin as string), {
      partyCode: 'HONDA',
      mapping: [],
    })
    return changeId
  }

  /** An external auditor's admission asked for by HONDA's admin (HONDA has approved). */
  async function pendingAdmission(): Promise<string> {
    const { admissionId } = await requestAdmission(
      world.db,
      await sessionUser(EMAILS.admin as string),
      {
        partnershipId: world.partnershipId,
        email: `admitted${++counter}@audit.example`,
        name: 'External auditor',
        password: 'a long enough password',
      },
    )
    return admissionId
  }

  /** A registered witness's valid cosignature of the newest tree checkpoint. */
  let witness: SignerKey | null = null
  async function witnessCosignature(): Promise<{ size: number; cosignature: string }> {
    if (!witness) {
      witness = await generateSignerKey('witness.honda', SIGNATURE_TYPE_COSIGNATURE_V1)
      await addWitness(world.db, SYSTEM_ACTOR, {
        log: fixture.partnershipId,
        logName: 'partnership',
        vkey: formatVerifierKey(witness),
        party: 'HONDA',
      })
    }
    const cp = await treeCheckpoint(world.db, fixture.partnershipId)
    if (!cp) throw new Error('no tree checkpoint')
    const text = parseNote(cp.note).text
    const signed = await signNote(text, [cosignatureSigner(witness)])
    return { size: cp.size, cosignature: signed.slice(text.length + 1) }
  }

  /** A HONDA webhook endpoint registered by HONDA's admin, for one call. */
  async function hondaEndpoint(): Promise<string> {
    const { endpoint } = await createWebhook(world.db, await sessionUser(EMAILS.admin as string), {
      partnershipId: fixture.partnershipId,
      url: 'https://erp.honda.example/hooks',
      eventKinds: ['proposal.approved'],
      description: 'ERP',
    })
    return endpoint.id
  }

  /** The next working day not used yet, made a HONDA shutdown day by HONDA's admin. */
  let shutdownCursor = Date.UTC(2031, 0, 1)
  async function hondaShutdownDay(): Promise<string> {
    const admin = await sessionUser(EMAILS.admin as string)
    for (;;) {
      shutdownCursor += 86_400_000
      const date = new Date(shutdownCursor).toISOString().slice(0, 10)
      try {
        await setShutdownDay(world.db, admin, { date, label: 'Plant shutdown' })
        return date
      } catch (error) {
        // A weekend day or a public holiday (HONDA may keep Japan's by now): the next one.
        if ((error as { rule?: { name: string } }).rule?.name !== 'closedAlready') throw error
      }
    }
  }

  async function inputFor(path: string, actor: ActorKind): Promise<unknown> {
    const f = fixture
    const p = { partnershipId: f.partnershipId }
    switch (path) {
      case 'auth.login':
        return { email: EMAILS[actor] ?? 'member@honda.example', password: DEMO_PASSWORD }
      case 'auth.endOtherSessions':
        return { password: DEMO_PASSWORD }
      case 'auth.changePassword':
        // The same password again: later cells still sign in with it.
        return {
          currentPassword: DEMO_PASSWORD,
          newPassword: DEMO_PASSWORD,
          endOtherSessions: false,
        }
      case 'auth.setLanguage':
        return { locale: 'en' }
      case 'admin.endSessions':
        return { userId: await victim() }
      case 'auth.logout':
      case 'auth.sessions':
      case 'auth.me':
      case 'partnership.list':
        return undefined
      case 'workstream.get':
        return { workstreamId: f.workstreamId }
      case 'proposal.get':
      case 'comment.list':
        return { proposalId: f.proposalId }
      case 'proposal.diff':
        return { proposalId: f.proposalId, from: 1, to: 1 }
      case 'proposal.list':
      case 'decision.list':
        return { ...p, limit: 5 }
      case 'decision.get':
      case 'decision.finality':
      case 'decision.certificate':
        return { decisionId: f.decisionId }
      case 'decision.recordPdf':
        return { decisionId: f.decisionId, lang: 'en' }
      case 'decision.export':
        return { ...p, format: 'csv' }
      case 'audit.timeline':
        return { ...p, entityType: 'proposal', entityId: f.proposalId }
      case 'audit.events':
        return { ...p, afterSeq: 0, limit: 5 }
      case 'audit.list':
        return { ...p, limit: 5 }
      case 'audit.export':
        return { ...p, format: 'csv' }
      case 'audit.verifyCheckpoint':
        return { ...p, checkpoint: f.checkpoint }
      case 'audit.prove':
        return { ...p, seq: 1 }
      case 'audit.consistency':
        return { ...p, from: 1 }
      case 'audit.addWitness':
        return {
          ...p,
          vkey: formatVerifierKey(
            await generateSignerKey(`witness${++counter}`, SIGNATURE_TYPE_COSIGNATURE_V1),
          ),
        }
      case 'audit.cosign':
        return { ...p, ...(await witnessCosignature()) }
      case 'audit.witnessRefused':
        await witnessCosignature()
        return {
          ...p,
          vkey: formatVerifierKey(witness as NonNullable<typeof witness>),
          kind: 'rollback',
          size: 1,
          witnessedSize: 2,
          message: 'ROLLBACK: a test',
        }
      case 'audit.witnessStatus':
        return p
      case 'admin.listUsers':
        return { limit: 5 }
      case 'admin.createUser':
        return {
          email: `new${++counter}@honda.example`,
          name: 'New person',
          password: 'a long enough password',
          partyCode: 'HONDA',
        }
      case 'admin.disableUser':
        return { userId: await victim() }
      case 'admin.enableUser':
        return { userId: await victim({ disabled: true }) }
      case 'admin.setRoles':
        return { ...p, userId: await victim(), roles: ['member'] }
      case 'auth.reauthenticate':
        return { password: DEMO_PASSWORD }
      case 'admin.requestAuditorAdmission':
        return {
          ...p,
          email: `external${++counter}@audit.example`,
          name: 'External auditor',
          password: 'a long enough password',
        }
      case 'people.confirmGrant':
      case 'people.cancelGrant':
        return { grantId: await pendingGrant() }
      case 'people.createDelegation':
        return { ...p, ...delegationDays(), delegateId: await victim({ member: true }), reason: '' }
      case 'people.approveDelegation':
      case 'people.revokeDelegation':
        return { delegationId: await pendingDelegation() }
      case 'people.approveAdmission':
        return { admissionId: await pendingAdmission() }
      case 'sso.provider':
        return { partyCode: 'HONDA' }
      case 'sso.configure':
        return providerSettings()
      case 'sso.requestMapping':
        await configureHondaProvider()
        return { partyCode: 'HONDA', mapping: [] }
      case 'sso.confirmMapping':
        return { changeId: await pendingMapping() }
      case 'search.query':
        return { ...p, query: 'battery' }
      case 'code.resolve':
        return { ...p, code: 'WS-BAT' }
      case 'notification.list':
        return { limit: 5 }
      case 'notification.unreadCount':
      case 'notification.markAllRead':
      case 'notification.preferences':
        return undefined
      case 'notification.markRead':
        return { ids: ['00000000-0000-4000-8000-000000000000'] }
      case 'notification.following':
      case 'calendar.clocks':
      case 'visit.proposal':
      case 'notification.follow':
      case 'notification.unfollow':
        return { proposalId: f.proposalId }
      case 'notification.setPreferences':
        return { emailMode: 'digest', optOuts: ['mentions'], timeZone: 'Asia/Tokyo', digestHour: 9 }
      case 'admin.setWorkstreamPerson':
        return {
          workstreamId: f.workstreamId,
          userId: await victim({ member: true }),
          role: 'member',
        }
      case 'proposal.create':
        return { ...p, type: 'decision', content: { title: 'A new idea' } }
      case 'webhook.create':
        return {
          ...p,
          url: 'https://chat.example/hooks',
          eventKinds: ['review.requested'],
          description: '',
        }
      case 'webhook.rotateSecret':
      case 'webhook.disable':
      case 'webhook.remove':
      case 'webhook.test':
      case 'webhook.deliveries':
        return { ...p, endpointId: await hondaEndpoint() }
      case 'webhook.enable': {
        const endpointId = await hondaEndpoint()
        await setWebhookEnabled(
          world.db,
          await sessionUser(EMAILS.admin as string),
          { partnershipId: f.partnershipId, endpointId },
          false,
        )
        return { ...p, endpointId }
      }
      case 'calendar.set':
        return { ...p, country: 'JP', timeZone: 'Asia/Tokyo' }
      case 'calendar.setShutdownDay':
        return { ...p, date: '2030-04-30', label: 'Golden Week shutdown' }
      case 'calendar.removeShutdownDay':
        return { ...p, date: await hondaShutdownDay() }
      case 'agenda.export':
        return { ...p, format: 'md', lang: 'en' }
      case 'calendarFeed.status':
      case 'calendarFeed.reset':
      case 'calendarFeed.stop':
        return undefined
      default:
        return p
    }
  }

  async function call(path: string, input: unknown, cookie: string | undefined) {
    const type = procedures[path]?._def.type
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
    }
    const body = input === undefined ? undefined : JSON.stringify(input)
    const res =
      type === 'query'
        ? await app.request(`/trpc/${path}${body ? `?input=${encodeURIComponent(body)}` : ''}`, {
            headers,
          })
        : await app.request(`/trpc/${path}`, { method: 'POST', headers, body: body ?? '' })
    const json = (await res.json()) as { error?: { message: string } }
    return { outcome: HTTP[res.status] ?? `HTTP ${res.status}`, message: json.error?.message ?? '' }
  }

  async function exercise(path: string, actor: ActorKind, expected: string, input: unknown) {
    const cookie = await cookieOf(actor)
    const before = await databaseFingerprint(world.db)
    const { outcome, message } = await call(path, input, cookie)
    tally.cells++
    expect(outcome, `${path} by ${actor}: ${message}`).toBe(expected)
    if (expected === 'ok') {
      tally.allowed++
      return
    }
    tally.refused++
    const after = await databaseFingerprint(world.db)
    // (auth.login by a disabled account writes its throttle row and a security event only.)
    expect(after, `${path} by ${actor} was refused but changed something`).toEqual(before)
  }

  it('has a row for every procedure of the router, and no row for a procedure that does not exist', () => {
    const paths = Object.keys(procedures).sort()
    expect(paths.filter((p) => !(p in AUTHORIZATION))).toEqual([])
    expect(Object.keys(AUTHORIZATION).filter((p) => !(p in procedures))).toEqual([])
  })

  const rows = Object.entries(AUTHORIZATION)
  it.each(rows.filter(([, row]) => row.kind === 'table').map(([path]) => path))(
    '%s',
    async (path) => {
      const row = AUTHORIZATION[path]
      if (row?.kind !== 'table') throw new Error('not a table row')
      for (const actor of ACTOR_KINDS)
        await exercise(path, actor, row.cells[actor], await inputFor(path, actor))
    },
  )

  it.each(rows.filter(([, row]) => row.kind === 'lifecycle').map(([path]) => path))(
    '%s (by the lifecycle table)',
    async (path) => {
      const row = AUTHORIZATION[path]
      if (row?.kind !== 'lifecycle') throw new Error('not a lifecycle row')
      for (const actor of ACTOR_KINDS) {
        const built = await proposalInState(world, ix, row.state, {
          author: EMAILS.author as string,
          reviewers: [HONDA_REVIEWER, EMAILS.assignedReviewer as string],
          concernBy:
            row.action === 'resolve_concern' ? (EMAILS[CONCERN_RAISER] as string) : undefined,
        })
        const version = (
          await world.db
            .selectFrom('proposals')
            .select('version')
            .where('id', '=', built.id)
            .executeTakeFirstOrThrow()
        ).version
        const base = { proposalId: built.id, expectedVersion: version }
        const content = {
          title: 'Edited title',
          workstreamId: ix.workstream('WS-BAT'),
          impacts: impacts(ix),
        }
        const inputs: Record<ProposalAction, unknown> = {
          update_draft: { ...base, content },
          assign_reviewers: {
            ...base,
            reviewerIds: [
              userIds.get(HONDA_REVIEWER),
              userIds.get(EMAILS.assignedReviewer as string),
            ],
          },
          submit: base,
          revise: { ...base, content, note: 'Edited' },
          withdraw: { ...base, reason: '' },
          review: { ...base, verdict: 'approve', comment: '' },
          raise_concern: {
            ...base,
            title: 'A worry',
            rationale: 'Why now?',
            grounds: { kind: 'other', text: 'Timing' },
            resolvesWhen: 'A date',
          },
          resolve_concern: { ...base, concernId: built.concernId, resolution: 'Answered.' },
          sign_off: { ...base, verdict: 'approve', rationale: '' },
          reject: { ...base, rationale: 'Not now.' },
          recuse: { ...base, reason: 'My unit bids in this tender.' },
          comment: { proposalId: built.id, body: 'A thought.', visibility: 'joint' },
          escalate: base,
          reopen: { ...base, content, note: 'Steering committee' },
        }
        await exercise(
          path,
          actor,
          lifecycleOutcome(actor, row.action, row.state),
          inputs[row.action],
        )
      }
    },
  )

  it("never reaches another partnership's objects by id", async () => {
    const other = await world.db
      .selectFrom('partnerships')
      .select('id')
      .where('slug', '=', 'other')
      .executeTakeFirstOrThrow()
    for (const actor of ['member', 'partnershipLead', 'externalAuditor', 'admin'] as const) {
      for (const path of [
        'partnership.get',
        'charter.get',
        'workstream.list',
        'proposal.list',
        'decision.list',
        'inbox.get',
        'audit.events',
      ]) {
        await exercise(path, actor, 'NOT_FOUND', {
          partnershipId: other.id,
          ...(path === 'audit.events' ? { afterSeq: 0 } : {}),
        })
      }
    }
  })
})
