/**
 * A year of the demo partnership's life, loaded at first start after `seedDemo`: proposals in
 * every state, reviews, concerns, comments (joint and each party's internal ones), sign-offs,
 * decisions that supersede others and two charter amendments. Everything goes through the domain
 * code, each act in its own transaction with its ledger event, at the time the story gives it
 * (StoryClock), so the ledger verifies and the dashboard and register read as a year's work.
 * Tests keep using `seedDemo` alone: its partnership starts empty.
 */
import { sql } from 'kysely'
import { type Db, isPostgres } from '../../db/connect'
import type { AmendmentChange, ProposalContent } from '../../shared/schemas/proposal'
import { proposalContent } from '../../shared/schemas/proposal'
import { createSession } from '../auth/session'
import { charterAt, currentCharterVersion } from '../domain/charter/at-version'
import { approveDelegation, createDelegation } from '../domain/people/delegations'
import { addComment } from '../domain/proposals/comments'
import { raiseConcern, resolveConcern } from '../domain/proposals/concerns'
import { guardrailItems } from '../domain/proposals/content'
import {
  createProposal,
  reviseProposal,
  submitProposal,
  updateDraft,
  withdrawProposal,
} from '../domain/proposals/drafting'
import { escalateProposal } from '../domain/proposals/escalation'
import { recuse } from '../domain/proposals/recuse'
import { assignReviewers, reviewProposal } from '../domain/proposals/review'
import { rejectProposal, signOff } from '../domain/proposals/signoff'
import { loadSessionUser, type SessionUser } from '../domain/users'
import { StoryClock } from './clock'
import { HISTORY, HISTORY_DAYS, type Story, type StoryStep, type StoryText } from './history-data'
import { type SeedResult, seedDemo } from './seed'

const DAY = 86_400_000
/** 09:30 in Tokyo: the working day the story's hours count from. */
const WORKDAY_START = 30 * 60_000

export interface HistoryResult {
  proposals: number
  events: number
}

/**
 * The demo as the first start loads it: the partnership dated a year back, then its history.
 * A second call finds the partnership and loads nothing.
 */
export async function seedDemoWithHistory(
  db: Db,
  options: { password: string; now?: Date },
): Promise<SeedResult & { history: HistoryResult | null }> {
  const now = options.now ?? new Date()
  const clock = new StoryClock(historyStart(now))
  // Dated at the story's first day, but with the shutdown days coming from today.
  const seeded = await clock.run(() => seedDemo(db, { password: options.password, loadedAt: now }))
  const history = await seedHistory(db, seeded, { now, clock })
  return { ...seeded, history }
}

/** The first day of the story: HISTORY_DAYS before today, at midnight UTC. */
function historyStart(now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return new Date(today - HISTORY_DAYS * DAY)
}

/**
 * Plays the history into the partnership `seedDemo` just loaded (nothing when it loaded nothing),
 * ending before `now`. Through `seedDemoWithHistory`, the partnership itself is dated at the
 * story's first day, so the ledger's times rise with its sequence.
 */
export async function seedHistory(
  db: Db,
  seed: SeedResult,
  options: { now?: Date; clock?: StoryClock } = {},
): Promise<HistoryResult | null> {
  if (seed.accounts.length === 0) return null
  const start = historyStart(options.now ?? new Date())
  const clock = options.clock ?? new StoryClock(start)
  const world = await loadWorld(db, seed.partnershipId)
  const player = new Player(db, world, start)
  const steps = HISTORY.flatMap((story, s) =>
    story.steps.map((step, i) => ({ story, step, at: player.timeOf(story, step, s, i) })),
  ).sort((a, b) => a.at - b.at)
  const last = steps[steps.length - 1]
  if (last && last.at >= (options.now ?? new Date()).getTime())
    throw new Error(`The demo history's ${last.story.key} would happen after today`)
  const before = await eventCount(db)
  await withoutSyncPerCommit(db, () =>
    clock.run(async () => {
      for (const { story, step, at } of steps) {
        clock.set(new Date(at))
        await player.play(story, step)
      }
    }),
  )
  await player.endSessions()
  return { proposals: HISTORY.length, events: (await eventCount(db)) - before }
}

/**
 * SQLite syncs the disk on every commit (synchronous = FULL, docs/decisions/0003); for the few
 * hundred commits of the history that is most of the first start's time. While it loads, WAL with
 * synchronous = NORMAL keeps the file consistent and only syncs at checkpoints; a crash in the
 * middle can lose the last acts of the story, never corrupt it. FULL is back before anything else
 * runs.
 */
async function withoutSyncPerCommit<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) return work()
  await sql`pragma synchronous = normal`.execute(db)
  try {
    return await work()
  } finally {
    await sql`pragma synchronous = full`.execute(db)
  }
}

async function eventCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

interface World {
  partnershipId: string
  users: Map<string, SessionUser>
  workstreams: Map<string, string>
}

async function loadWorld(db: Db, partnershipId: string): Promise<World> {
  const rows = await db.selectFrom('users').select(['id', 'email']).execute()
  const users = new Map<string, SessionUser>()
  for (const row of rows) {
    const user = await loadSessionUser(db, row.id)
    if (user) users.set(row.email, user)
  }
  const workstreams = await db
    .selectFrom('workstreams')
    .select(['id', 'code'])
    .where('partnership_id', '=', partnershipId)
    .execute()
  return {
    partnershipId,
    users,
    workstreams: new Map(workstreams.map((w) => [w.code, w.id])),
  }
}

/** What the player keeps about one story while it plays. */
interface Playing {
  id: string
  text: StoryText
  concerns: Map<string, string>
}

class Player {
  private playing = new Map<string, Playing>()
  private decisions = new Map<string, string>()
  private sessions: string[] = []

  constructor(
    private db: Db,
    private world: World,
    private start: Date,
  ) {}

  /** A step's moment: its story's day plus the step's (fractional) day, within a working day. */
  timeOf(story: Story, step: StoryStep, storyIndex: number, stepIndex: number): number {
    const day = story.start + step[0]
    const whole = Math.floor(day)
    // The fraction of a day is spread over nine working hours; a few minutes keep acts apart.
    const within = (day - whole) * 9 * 3_600_000 + ((storyIndex * 7 + stepIndex * 3) % 50) * 60_000
    return this.start.getTime() + whole * DAY + WORKDAY_START + within
  }

  private user(email: string): SessionUser {
    const user = this.world.users.get(email)
    if (!user) throw new Error(`The demo history names an unknown account: ${email}`)
    return user
  }

  private story(key: string): Playing {
    const playing = this.playing.get(key)
    if (!playing) throw new Error(`The demo history acts on ${key} before it is filed`)
    return playing
  }

  private async version(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('proposals')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    return row.version
  }

  /** A sign-in just now, as binding a party needs (sign-off, rejection, a concern override). */
  private async signIn(user: SessionUser) {
    const { sessionId } = await createSession(
      this.db,
      user.id,
      { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
      { ip: null, userAgent: 'demo history' },
    )
    this.sessions.push(sessionId)
    return { user, sessionId }
  }

  /** The demo's sign-ins served their acts; they are not left behind as live sessions. */
  async endSessions() {
    for (let i = 0; i < this.sessions.length; i += 200) {
      await this.db
        .deleteFrom('sessions')
        .where('id', 'in', this.sessions.slice(i, i + 200))
        .execute()
    }
  }

  private async content(text: StoryText): Promise<ProposalContent> {
    const pid = this.world.partnershipId
    const version = await currentCharterVersion(this.db, pid)
    const items = await charterAt(this.db, pid, version)
    const item = (code: string) => {
      const found = items.find((i) => i.code === code && i.status === 'active')
      if (!found) throw new Error(`The demo history links ${code}, not in charter v${version}`)
      return found.id
    }
    const amendment = text.amendment
      ? {
          changes: text.amendment.map((change): AmendmentChange => {
            if (change.op === 'add')
              return { ...change, screeningTerms: change.screeningTerms ?? { en: [], ja: [] } }
            const { code, ...rest } = change
            return { ...rest, itemId: item(code) } as AmendmentChange
          }),
        }
      : null
    const workstreamId = this.world.workstreams.get(text.workstream)
    if (!workstreamId) throw new Error(`No workstream ${text.workstream}`)
    return proposalContent.parse({
      title: text.title,
      body: text.body,
      workstreamId,
      charterItemIds: text.links.map(item),
      impacts: guardrailItems(items).map((i) => ({
        itemId: i.id,
        impact: text.touches?.[i.code] ? 'touches' : 'none',
        explanation: text.touches?.[i.code] ?? '',
      })),
      supersedes: (text.supersedes ?? []).map((key) => {
        const id = this.decisions.get(key)
        if (!id) throw new Error(`The demo history supersedes ${key} before it is decided`)
        return id
      }),
      amendment,
      decideBy: text.decideBy === undefined ? null : this.date(text.decideBy),
    })
  }

  private date(day: number): string {
    return new Date(this.start.getTime() + day * DAY).toISOString().slice(0, 10)
  }

  async play(story: Story, step: StoryStep): Promise<void> {
    const db = this.db
    if (step[1] === 'create') {
      const author = this.user(story.author)
      const created = await createProposal(db, author, {
        partnershipId: this.world.partnershipId,
        type: story.type ?? 'decision',
        content: await this.content(story.text),
      })
      this.playing.set(story.key, { id: created.id, text: story.text, concerns: new Map() })
      if (story.reviewers.length > 0) {
        await assignReviewers(db, author, {
          proposalId: created.id,
          expectedVersion: await this.version(created.id),
          reviewerIds: story.reviewers.map((email) => this.user(email).id),
        })
      }
      return
    }
    const p = this.story(story.key)
    const ref = { proposalId: p.id, expectedVersion: await this.version(p.id) }
    switch (step[1]) {
      case 'edit': {
        p.text = { ...p.text, ...step[2] }
        await updateDraft(db, this.user(story.author), {
          ...ref,
          content: await this.content(p.text),
        })
        return
      }
      case 'submit':
        await submitProposal(db, this.user(story.author), ref)
        return
      case 'revise': {
        p.text = { ...p.text, ...step[3] }
        await reviseProposal(db, this.user(story.author), {
          ...ref,
          note: step[2],
          content: await this.content(p.text),
        })
        return
      }
      case 'review':
        await reviewProposal(db, this.user(step[2]), { ...ref, verdict: step[3], comment: step[4] })
        return
      case 'comment':
        await addComment(db, this.user(step[2]), {
          proposalId: p.id,
          body: step[3],
          visibility: step[4] ?? 'joint',
        })
        return
      case 'concern': {
        const raised = await raiseConcern(db, this.user(step[2]), {
          ...ref,
          title: step[4],
          rationale: step[5],
          grounds: { kind: step[6].kind, ref: step[6].ref ?? '', text: step[6].text ?? '' },
          resolvesWhen: step[6].resolvesWhen,
        })
        p.concerns.set(step[3], raised.concernId)
        return
      }
      case 'resolve': {
        const concernId = p.concerns.get(step[3])
        if (!concernId) throw new Error(`No concern ${step[3]} on ${story.key}`)
        await resolveConcern(db, await this.signIn(this.user(step[2])), {
          ...ref,
          concernId,
          resolution: step[4],
        })
        return
      }
      case 'sign': {
        const signed = await signOff(db, await this.signIn(this.user(step[2])), {
          ...ref,
          verdict: 'approve',
          rationale: step[3] ?? '',
          onBehalfOf: step[4] ? this.user(step[4]).id : undefined,
        })
        if (signed.decisionId) this.decisions.set(story.key, signed.decisionId)
        return
      }
      case 'reject':
        await rejectProposal(db, await this.signIn(this.user(step[2])), {
          ...ref,
          rationale: step[3],
        })
        return
      case 'withdraw':
        await withdrawProposal(db, this.user(step[2]), { ...ref, reason: step[3] })
        return
      case 'recuse':
        await recuse(db, this.user(step[2]), { ...ref, reason: step[3] })
        return
      case 'delegate': {
        const today = new Date().toISOString().slice(0, 10)
        const last = new Date(Date.now() + (step[6] - 1) * DAY).toISOString().slice(0, 10)
        const made = await createDelegation(db, this.user(step[2]), {
          partnershipId: this.world.partnershipId,
          delegateId: this.user(step[3]).id,
          startsOn: today,
          endsOn: last,
          reason: step[5],
        })
        const approver = await this.signIn(this.user(step[4]))
        await approveDelegation(db, approver.user, approver.sessionId, made.delegationId)
        return
      }
      case 'reviewers':
        await assignReviewers(db, this.user(step[2]), {
          ...ref,
          reviewerIds: step[3].map((email) => this.user(email).id),
        })
        return
      case 'escalate':
        await escalateProposal(db, this.user(step[2]), ref)
        return
    }
  }
}
