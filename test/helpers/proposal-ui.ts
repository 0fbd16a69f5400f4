// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a person reads
/**
 * Helpers for the proposal workflow's browser tests: an API caller on the e2e server's database
 * (to set up what a test is not about), and the few UI steps several tests share.
 */

import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { callerFor, contextFor, type DemoWorld } from './api'
import type { BrowserUser } from './browser'
import type { TestServer } from './server'
import { AHEAD_YEAR } from './workflow'

/** The demo world of a running e2e server: callers signed in as demo accounts. */
export function serverWorld(server: TestServer): Pick<DemoWorld, 'db' | 'partnershipId' | 'as'> {
  return {
    db: server.db,
    partnershipId: server.partnershipId,
    as: async (email: string) => callerFor(await contextFor(server.db, email)),
  }
}

/** The state badge in the proposal page's status card reads `label`. */
export async function expectState(page: Page, label: string) {
  await expect
    .poll(() => page.locator('.status-card .state-badge').innerText(), { timeout: 10_000 })
    .toBe(label)
}

/** The proposal page's sections (tabs), as named in its URL (`?tab=discussion`). */
export type ProposalSection = 'content' | 'revisions' | 'reviews' | 'discussion' | 'history'

/** Waits until `section` is the open one and, for the history, until the timeline has loaded. */
async function sectionShown(page: Page, section: ProposalSection) {
  await page.locator(`.tab-panel[data-tab="${section}"]`).waitFor()
  // The timeline loads on its own; wait for it so axe and screenshots see a settled page.
  if (section === 'history')
    await page.locator('#timeline .timeline, #timeline .empty-state').first().waitFor()
}

/**
 * Opens a proposal's page at one of its sections (the content when none is named) and waits for
 * the status card and that section.
 */
export async function openProposal(page: Page, id: string, section: ProposalSection = 'content') {
  await page.goto(`/proposals/${id}${section === 'content' ? '' : `?tab=${section}`}`)
  await page.locator('.status-card').waitFor()
  await sectionShown(page, section)
}

/** Opens another section of the proposal page the browser is on, by its tab. */
export async function openSection(page: Page, section: ProposalSection) {
  await page.locator(`[role="tab"][data-tab="${section}"]`).click()
  await sectionShown(page, section)
}

/** Opens the comment composer of the proposal page the browser is on; returns it. */
export async function openComposer(page: Page) {
  if ((await page.locator('.tab-panel[data-tab="discussion"]').count()) === 0)
    await openSection(page, 'discussion')
  const composer = page.locator('.composer')
  if ((await composer.count()) === 0)
    await page.locator('#comments .on-demand > button[aria-expanded="false"]').click()
  await composer.waitFor()
  return composer
}

/** No uncaught error or console error happened in this browser. */
export function expectNoPageErrors(user: BrowserUser) {
  expect(user.errors).toEqual([])
}

/** The demo's proposal content the API-side setup uses, by codes. */
export async function demoIds(world: Pick<DemoWorld, 'as' | 'partnershipId' | 'db'>) {
  const lead = await world.as('lead@honda.example')
  const charter = await lead.charter.get({ partnershipId: world.partnershipId })
  const items = Object.values(charter.items).flat()
  const item = (code: string) => {
    const found = items.find((i) => i.code === code)
    if (!found) throw new Error(`no charter item ${code}`)
    return found.id
  }
  const workstreams = await lead.workstream.list({ partnershipId: world.partnershipId })
  const workstream = (code: string) => {
    const found = workstreams.find((w) => w.code === code)
    if (!found) throw new Error(`no workstream ${code}`)
    return found.id
  }
  const users = await world.db.selectFrom('users').select(['id', 'email']).execute()
  const user = (email: string) => {
    const found = users.find((u) => u.email === email)
    if (!found) throw new Error(`no user ${email}`)
    return found.id
  }
  return { item, workstream, user }
}

/** Files and submits a plain battery decision through the API, for tests about other things. */
export async function submittedProposal(
  world: Pick<DemoWorld, 'as' | 'partnershipId' | 'db'>,
  author: string,
  content: { title: string; body: string },
  reviewers: string[],
): Promise<string> {
  const ix = await demoIds(world)
  const caller = await world.as(author)
  const created = await caller.proposal.create({
    partnershipId: world.partnershipId,
    type: 'decision',
    content: {
      title: content.title,
      body: content.body,
      workstreamId: ix.workstream('WS-BAT'),
      charterItemIds: [ix.item('AREA-2')],
      impacts: ['CON-1', 'ST-1'].map((code) => ({
        itemId: ix.item(code),
        impact: 'none' as const,
        explanation: '',
      })),
      supersedes: [],
      amendment: null,
      // Ahead of the real clock, and after the demo's coming shutdowns (it was 2027-06-30).
      decideBy: `${AHEAD_YEAR}-06-30`,
    },
  })
  const assigned = await caller.proposal.assignReviewers({
    proposalId: created.id,
    expectedVersion: created.version,
    reviewerIds: reviewers.map(ix.user),
  })
  await caller.proposal.submit({ proposalId: created.id, expectedVersion: assigned.version })
  return created.id
}
