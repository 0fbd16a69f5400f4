/**
 * Where the proposal stands: its state, what it waits on, its revision and decision; a rejected
 * proposal says first who rejected it and why.
 */
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { Link } from '../../router'
import { PlainText } from '../../ui/plain-text'
import { SignerAuthenticationNote } from '../../ui/signer-authentication'
import { StateBadge } from '../../ui/state-badge'
import type { ProposalView } from './types'
import { waitingOnText } from './waiting-on'

export function StatusCard({ view }: { view: ProposalView }) {
  const i18n = useI18n()
  const { t } = i18n
  return (
    <section className="card status-card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('proposal.status')}</h2>
      <Rejection view={view} />
      <dl className="facts">
        <dt>{t('proposal.state')}</dt>
        <dd>
          <StateBadge state={view.state} />
        </dd>
        <dt>{t('proposal.waitingOn')}</dt>
        <dd className="waiting-on">{waitingOnText(view, i18n)}</dd>
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

/** The rejection that closed the proposal: who, for which party, when, and the reason given. */
function Rejection({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  if (view.state !== 'rejected') return null
  const rejection = view.signoffs.findLast((s) => s.verdict === 'reject')
  if (!rejection) return null
  return (
    <div className="notice notice-danger rejection" role="note" aria-labelledby="rejection-heading">
      <h3 id="rejection-heading">
        {t('proposal.rejection.title', {
          name: rejection.signer.name,
          party: partyLabel(rejection.party),
        })}
      </h3>
      <p className="meta">
        {t('proposal.rejection.when', {
          n: rejection.revision,
          date: formatDateTime(rejection.createdAt),
        })}{' '}
        <SignerAuthenticationNote authentication={rejection.authentication} />
      </p>
      <p className="rejection-reason-label">{t('proposal.rejection.reason')}</p>
      <PlainText text={rejection.rationale} />
    </div>
  )
}
