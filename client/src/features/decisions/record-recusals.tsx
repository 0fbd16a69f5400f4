/** The decision record's recusals (ADR 0029): who stepped aside for a conflict of interest, and why. */
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import type { RouterOutputs } from '../../trpc'
import '../proposals/positions.css'

type Recusal = RouterOutputs['decision']['get']['record']['recusals'][number]

export function RecordRecusals({ recusals }: { recusals: readonly Recusal[] }) {
  const { t, formatDateTime } = useI18n()
  const partyLabel = usePartyLabel()
  return (
    <div className="recusals" id="decision-recusals">
      <h3 className="label">{t('decision.recusals')}</h3>
      {recusals.length === 0 ? (
        <p className="muted">{t('decision.noRecusals')}</p>
      ) : (
        <ul className="entry-list">
          {recusals.map((r) => (
            <li key={r.id} className="entry recusal">
              <p className="entry-head">
                <span className="badge verdict verdict-recuse">{t('proposal.verdict.recuse')}</span>
                <strong>{r.person.name}</strong>
                <span className="party-tag">{partyLabel(r.party)}</span>
                <span className="muted">
                  {t('proposal.revisionOf', { n: r.revision })} · {formatDateTime(r.createdAt)}
                </span>
              </p>
              <p>{r.reason}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
