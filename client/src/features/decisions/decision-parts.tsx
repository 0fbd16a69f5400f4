import { useI18n } from '../../i18n'
import { type Party, partyName } from '../../partnership'
import { Link } from '../../router'
import type { RouterOutputs } from '../../trpc'
import './decisions.css'
import { LocalText } from '../../ui/local-text'
import { SignerAuthenticationNote } from '../../ui/signer-authentication'

export type Decision = RouterOutputs['decision']['list']['items'][number]

export function DecisionStatus({ status }: { status: Decision['status'] }) {
  const { t } = useI18n()
  return (
    <span className={`badge badge-decision-${status}`}>
      {t(status === 'active' ? 'decisions.status.active' : 'decisions.status.superseded')}
    </span>
  )
}

/** "Supersedes D-2" and "Superseded by D-9": the register links both ways. */
export function Succession({ decision }: { decision: Decision }) {
  const { t } = useI18n()
  if (!decision.supersededBy && decision.supersedes.length === 0) return null
  return (
    <p className="succession">
      {decision.supersededBy ? (
        <span>
          {t('decisions.supersededBy')}{' '}
          <Link to={`/decisions/${decision.supersededBy.id}`}>{decision.supersededBy.code}</Link>
        </span>
      ) : null}
      {decision.supersedes.length > 0 ? (
        <span>
          {t('decisions.supersedes')}{' '}
          {decision.supersedes.map((s, i) => (
            <span key={s.id}>
              {i > 0 ? ', ' : ''}
              <Link to={`/decisions/${s.id}`}>{s.code}</Link>
            </span>
          ))}
        </span>
      ) : null}
    </p>
  )
}

/** Each party's sign-off on the final revision: both keys, at a glance. */
export function SignoffList({
  decision,
  parties,
  detailed = false,
}: {
  decision: Decision
  parties: readonly Party[]
  detailed?: boolean
}) {
  const { t, lang, formatDateTime } = useI18n()
  const codes =
    parties.length > 0 ? parties.map((p) => p.code) : decision.signoffs.map((s) => s.party)
  return (
    <ul className="signoff-list">
      {codes.map((code) => {
        const party = parties.find((p) => p.code === code)
        const signed = decision.signoffs.filter((s) => s.party === code)
        return (
          <li
            key={code}
            className={`signoff ${signed.length ? 'signoff-done' : 'signoff-missing'}`}
          >
            <span className="signoff-mark" aria-hidden="true">
              {signed.length ? '✓' : '–'}
            </span>
            <span className="signoff-party">{partyName(party, lang, code)}</span>
            {signed.length === 0 ? (
              <span className="muted">{t('decisions.notSigned')}</span>
            ) : (
              signed.map((s) => (
                <span key={s.signer.id} className="signoff-who">
                  {t('decisions.signedBy', {
                    name: s.onBehalfOf
                      ? t('signoff.nameFor', { name: s.signer.name, lead: s.onBehalfOf.name })
                      : s.signer.name,
                    date: formatDateTime(s.signedAt),
                  })}
                  {detailed ? <SignerAuthenticationNote authentication={s.authentication} /> : null}
                  {detailed && s.rationale ? (
                    <span className="signoff-rationale">“{s.rationale}”</span>
                  ) : null}
                </span>
              ))
            )}
          </li>
        )
      })}
    </ul>
  )
}

export function CharterLinks({ items }: { items: Decision['charterItems'] }) {
  const { t } = useI18n()
  if (items.length === 0) return <span className="muted">{t('decisions.noCharterLinks')}</span>
  return (
    <ul className="chip-list">
      {items.map((item) => (
        <li key={item.id} className="chip">
          <Link to={`/charter#${item.code}`}>
            <span className="code">{item.code}</span>{' '}
            <LocalText en={item.title} ja={item.titleJa} />
          </Link>
        </li>
      ))}
    </ul>
  )
}
