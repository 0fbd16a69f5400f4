/** Where the proposal stands: its state, what it waits on, its revision and decision. */
import { useI18n } from '../../i18n'
import { Link } from '../../router'
import { StateBadge } from '../../ui/state-badge'
import type { ProposalView } from './types'
import { waitingOnText } from './waiting-on'

export function StatusCard({ view }: { view: ProposalView }) {
  const i18n = useI18n()
  const { t } = i18n
  return (
    <section className="card status-card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('proposal.status')}</h2>
      <dl className="facts">
        <dt>{t('proposal.state')}</dt>
        <dd>
          <StateBadge state={view.state} />
        </dd>
        <dt>{t('proposal.waitingOn')}</dt>
        <dd className="waiting-on">{waitingOnText(view.waitingOn, view.state, i18n)}</dd>
        <dt>{t('proposal.revision')}</dt>
        <dd>{t('proposal.revisionOf', { n: view.currentRevision })}</dd>
        {view.decision ? (
          <>
            <dt>{t('proposal.decision')}</dt>
            <dd>
              <Link to={`/decisions/${view.decision.id}`} className="decision-code">
                {view.decision.code}
              </Link>{' '}
              <span className="muted">
                ({t(`proposal.decisionStatus.${view.decision.status as 'active' | 'superseded'}`)})
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      {view.needsPartnershipLeads ? (
        <p className="notice notice-warning needs-leads">
          <strong>{t('proposal.needsLeads')}</strong>{' '}
          {view.type === 'amendment'
            ? t('proposal.needsLeads.amendment')
            : t('proposal.needsLeads.stance')}
        </p>
      ) : null}
    </section>
  )
}
