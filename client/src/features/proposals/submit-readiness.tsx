import { useMemo } from 'react'
import { reviewersShort } from '../../../../shared/waits'
import { useI18n } from '../../i18n'
import { Link, useLocation } from '../../router'
import { GuardrailPanel, type GuardrailResult, guardrailItems, useGuardrails } from './guardrails'
import type { SectionProps } from './types'
import { waitsOfView } from './waiting-on'

/** The id of the checklist, which the submit button points to when it is not ready. */
export const READINESS_ID = 'submit-readiness'

/**
 * What still stops the draft's submission: the checks the server makes at submission, asked of
 * the same shared code (the guardrails, and the waits rule counting the reviewers the policy needs).
 */
export function useSubmitReadiness({ view, charter }: SectionProps) {
  const items = useMemo(() => guardrailItems(charter), [charter])
  const guardrails: GuardrailResult = useGuardrails({
    type: view.type,
    title: view.revision.title,
    body: view.revision.body,
    impacts: view.revision.impacts,
    items,
  })
  const short = useMemo(() => reviewersShort(waitsOfView(view)), [view])
  const workstream = Boolean(view.revision.workstreamId)
  // Without the charter loaded the guardrails are unknown: the server still checks them.
  const ready = workstream && short.length === 0 && guardrails.findings.length === 0
  return { items, guardrails, short, workstream, ready }
}

/** A draft shows what still stops its submission, before the author tries. */
export function SubmitReadiness({ view, charter }: SectionProps) {
  const { t, plural } = useI18n()
  const { pathname } = useLocation()
  const { items, guardrails, short, workstream } = useSubmitReadiness({ view, charter })
  const needed = view.policy.reviewsPerParty[view.type]
  return (
    <div className="readiness" id={READINESS_ID}>
      <p className="label">{t('proposal.readiness')}</p>
      <ul className="check-list">
        <li className={workstream ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{workstream ? '✓ ' : '○ '}</span>
          {workstream ? t('proposal.ready.workstream') : t('proposal.todo.workstream')}
        </li>
        <li className={short.length === 0 ? 'check-ok' : 'check-todo'}>
          <span aria-hidden="true">{short.length === 0 ? '✓ ' : '○ '}</span>
          {short.length === 0 ? (
            plural('waits.ready.reviewers', needed)
          ) : (
            // Reviewers are assigned in the reviews section: the item opens it.
            <Link to={`${pathname}?tab=reviews`}>
              {plural('waits.todo.reviewers', needed, {
                parties: short
                  .map((s) => t('waits.partyCount', { party: s.party, have: s.have }))
                  .join(', '),
              })}
            </Link>
          )}
        </li>
      </ul>
      {charter ? (
        <GuardrailPanel result={guardrails} items={items} type={view.type} compact />
      ) : null}
    </div>
  )
}
