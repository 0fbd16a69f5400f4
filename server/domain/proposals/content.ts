/** Checks what an author wrote against the partnership and its charter. */
import type { Executor } from '../../../db/connect'
import { decisionCode } from '../../../shared/codes'
import { decideByHasPassed, decideByTooFar, latestDecideBy } from '../../../shared/decide-by'
import { DomainError } from '../../../shared/errors'
import type { ProposalContent } from '../../../shared/schemas/proposal'
import { checkGuardrails, type GuardrailItem } from '../../../shared/screening'
import type { CharterItemAt } from '../charter/at-version'

export function guardrailItems(charter: CharterItemAt[]): GuardrailItem[] {
  return charter.filter(
    (i) => i.status === 'active' && (i.kind === 'constraint' || i.kind === 'stance'),
  )
}

function unique(ids: string[], field: string) {
  if (new Set(ids).size !== ids.length) {
    throw new DomainError('VALIDATION', `${field}: each entry may appear only once.`, { field })
  }
}

/**
 * A decide-by date set or changed must still lie ahead (an overdue proposal may keep the date it
 * missed; `previous` is the date it had), and within five years (shared/decide-by.ts).
 */
export function refusePastDecideBy(content: ProposalContent, previous: string | null): void {
  const date = content.decideBy
  if (date === null || date === previous) return
  const now = new Date()
  if (decideByTooFar(date, now)) {
    const latest = latestDecideBy(now)
    throw new DomainError(
      'VALIDATION',
      `decideBy: ${date} is more than five years ahead. Choose a date no later than ${latest}, or leave it empty.`,
      { field: 'decideBy', rule: { name: 'tooFar', params: { date, latest } } },
    )
  }
  if (!decideByHasPassed(date, now)) return
  throw new DomainError(
    'VALIDATION',
    `decideBy: ${date} has already passed. Choose today or a later date, or leave it empty.`,
    { field: 'decideBy', rule: { name: 'passed', params: { date } } },
  )
}

/**
 * Checks that everything the content refers to belongs to this partnership. Drafts may be
 * incomplete; `complete` adds what submission needs.
 */
export async function validateReferences(
  db: Executor,
  partnershipId: string,
  type: 'decision' | 'amendment',
  content: ProposalContent,
  charter: CharterItemAt[],
  options: { complete: boolean },
): Promise<void> {
  const byId = new Map(charter.map((i) => [i.id, i]))
  if (content.workstreamId) {
    const ws = await db
      .selectFrom('workstreams')
      .select(['id', 'status'])
      .where('id', '=', content.workstreamId)
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirst()
    if (!ws)
      throw new DomainError('VALIDATION', 'workstreamId: no such workstream in this partnership.', {
        field: 'workstreamId',
      })
    if (options.complete && (ws.status === 'concluded' || ws.status === 'cancelled')) {
      throw new DomainError(
        'VALIDATION',
        `workstreamId: the workstream is ${ws.status}; choose an open one.`,
        {
          field: 'workstreamId',
        },
      )
    }
  } else if (options.complete) {
    throw new DomainError(
      'VALIDATION',
      'workstreamId: choose the workstream the proposal belongs to.',
      { field: 'workstreamId' },
    )
  }
  unique(content.charterItemIds, 'charterItemIds')
  for (const itemId of content.charterItemIds) {
    if (!byId.has(itemId)) {
      throw new DomainError(
        'VALIDATION',
        'charterItemIds: links must point to items of this partnership’s charter.',
        {
          field: 'charterItemIds',
        },
      )
    }
  }
  unique(
    content.impacts.map((i) => i.itemId),
    'impacts',
  )
  for (const impact of content.impacts) {
    const item = byId.get(impact.itemId)
    if (!item || (item.kind !== 'constraint' && item.kind !== 'stance')) {
      throw new DomainError(
        'VALIDATION',
        'impacts: impact statements are made on the charter’s constraints and stances only.',
        {
          field: 'impacts',
        },
      )
    }
  }
  unique(content.supersedes, 'supersedes')
  if (content.supersedes.length > 0) {
    const decisions = await db
      .selectFrom('decisions')
      .select(['id', 'number', 'status'])
      .where('partnership_id', '=', partnershipId)
      .where('id', 'in', content.supersedes)
      .execute()
    if (decisions.length !== content.supersedes.length) {
      throw new DomainError(
        'VALIDATION',
        'supersedes: every entry must be a decision of this partnership.',
        { field: 'supersedes' },
      )
    }
    const inactive = decisions.find((d) => d.status !== 'active')
    if (inactive) {
      throw new DomainError(
        'VALIDATION',
        `supersedes: ${decisionCode(inactive)} is already superseded.`,
        { field: 'supersedes' },
      )
    }
  }
  if (type === 'decision' && content.amendment) {
    throw new DomainError(
      'VALIDATION',
      'amendment: only an amendment proposal carries a change to the charter.',
      {
        field: 'amendment',
      },
    )
  }
  if (type === 'amendment') {
    if (!content.amendment) {
      if (options.complete) {
        throw new DomainError(
          'VALIDATION',
          'amendment: say what the amendment changes in the charter.',
          { field: 'amendment' },
        )
      }
      return
    }
    const touched = new Set<string>()
    const codes = new Set(charter.map((i) => i.code))
    for (const change of content.amendment.changes) {
      if (change.op === 'add') {
        if (codes.has(change.code)) {
          throw new DomainError(
            'VALIDATION',
            `amendment: the code ${change.code} is already used in the charter.`,
            {
              field: 'amendment',
            },
          )
        }
        codes.add(change.code)
        continue
      }
      const item = byId.get(change.itemId)
      if (item?.status !== 'active') {
        throw new DomainError(
          'VALIDATION',
          'amendment: a change or retirement must name an active item of the charter.',
          {
            field: 'amendment',
          },
        )
      }
      if (touched.has(change.itemId)) {
        throw new DomainError('VALIDATION', `amendment: ${item.code} is changed more than once.`, {
          field: 'amendment',
        })
      }
      touched.add(change.itemId)
      // Only a procedure item carries an escalation ladder (ADR 0032).
      if (change.op === 'change' && change.procedure && item.kind !== 'procedure') {
        throw new DomainError(
          'VALIDATION',
          `amendment: ${item.code} is not a procedure and has no escalation ladder.`,
          { field: 'amendment', rule: { name: 'procedureLadder' } },
        )
      }
      if (
        change.op === 'change' &&
        !change.title &&
        !change.statement &&
        !change.titleJa &&
        !change.statementJa &&
        !change.screeningTerms &&
        !change.procedure
      ) {
        throw new DomainError(
          'VALIDATION',
          `amendment: the change to ${item.code} changes nothing.`,
          { field: 'amendment' },
        )
      }
    }
  }
}

/** Refuses content that breaks a charter guardrail; returns whether a stance is touched. */
export function enforceGuardrails(
  type: 'decision' | 'amendment',
  content: ProposalContent,
  charter: CharterItemAt[],
): { stanceTouched: boolean } {
  const result = checkGuardrails({
    type,
    title: content.title,
    body: content.body,
    impacts: content.impacts,
    items: guardrailItems(charter),
  })
  if (result.findings.length > 0) {
    throw new DomainError('GUARDRAIL', result.findings.map((f) => f.message).join(' '), {
      field: 'impacts',
      details: { findings: result.findings },
    })
  }
  return { stanceTouched: result.stanceTouched }
}
