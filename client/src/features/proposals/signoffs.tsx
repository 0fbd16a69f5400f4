/**
 * The sign-off panel, "both keys": one key per party, turned when that party signed the current
 * revision. A key's state is told by a symbol and words, not by colour alone.
 */
import { useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPC } from '../../trpc'
import { TextField } from '../../ui/fields'
import { PlainText } from '../../ui/plain-text'
import { SignerAuthenticationNote } from '../../ui/signer-authentication'
import { useFocusFirstField } from './on-demand'
import { ActionError, useProposalAction } from './proposal-action'
import { StaleBadge } from './stale-badge'
import type { ProposalView } from './types'

export function SignoffPanel({ view }: { view: ProposalView }) {
  const { t, formatDateTime } = useI18n()
  const me = useMe()
  const partyLabel = usePartyLabel()
  const turned = view.signoffStatus.filter((s) => s.status === 'approved').length
  const mySigned = view.signoffStatus.some(
    (s) => s.party === me.partyCode && s.status === 'approved',
  )
  const history = [...view.signoffs].reverse()
  return (
    <section className="card signoff-card" aria-labelledby="signoff-heading" id="signoffs">
      <h2 id="signoff-heading">{t('signoff.title')}</h2>
      <p className="field-help">
        {t('signoff.help', { n: view.currentRevision })}{' '}
        {view.needsPartnershipLeads ? <strong>{t('signoff.leadsOnly')}</strong> : null}
      </p>
      <p className="keys-summary">
        {t('signoff.summary', { turned, total: view.signoffStatus.length })}
      </p>
      <ul className="keys">
        {view.signoffStatus.map((s) => {
          // A key turned on an earlier revision was turned back by the revision: it says so.
          const stale =
            s.status === 'pending'
              ? view.signoffs.findLast(
                  (x) => x.party === s.party && x.stale && x.verdict === 'approve',
                )
              : undefined
          return (
            <li
              key={s.party}
              className={`key key-${stale ? 'stale' : s.status}`}
              data-party={s.party}
            >
              <span className="key-glyph" aria-hidden="true">
                {s.status === 'approved' ? '✓' : s.status === 'rejected' ? '✗' : stale ? '↺' : '○'}
              </span>
              <span className="key-text">
                <span className="key-party">{partyLabel(s.party)}</span>
                <span className="key-status">
                  {s.status === 'approved'
                    ? t('signoff.turned')
                    : s.status === 'rejected'
                      ? t('signoff.rejected')
                      : stale
                        ? t('signoff.staleKey', {
                            n: stale.revision,
                            current: view.currentRevision,
                          })
                        : t('signoff.pending')}
                </span>
                {s.by ? (
                  <span className="key-by muted">
                    {s.for
                      ? t('signoff.byFor', {
                          name: s.by.name,
                          lead: s.for.name,
                          date: s.at ? formatDateTime(s.at) : '',
                        })
                      : t('signoff.by', {
                          name: s.by.name,
                          date: s.at ? formatDateTime(s.at) : '',
                        })}
                  </span>
                ) : stale ? (
                  <span className="key-by muted">
                    {t('signoff.by', {
                      name: stale.signer.name,
                      date: formatDateTime(stale.createdAt),
                    })}
                  </span>
                ) : null}
              </span>
            </li>
          )
        })}
      </ul>
      {mySigned && view.state === 'awaiting_signoff' ? (
        <p className="notice signoff-own-done">
          {t('signoff.ownPartySigned', {
            party: partyLabel(me.partyCode),
            n: view.currentRevision,
          })}
        </p>
      ) : null}
      {history.length > 0 ? (
        <details className="signoff-history">
          <summary>{t('signoff.history', { count: history.length })}</summary>
          <ul className="entry-list">
            {history.map((s) => (
              <li key={s.id} className={s.stale ? 'entry stale' : 'entry'}>
                <p className="entry-head">
                  <span className={`badge verdict verdict-${s.stale ? 'stale' : s.verdict}`}>
                    {t(`signoff.verdict.${s.verdict as 'approve' | 'reject'}`)}
                  </span>
                  <strong>
                    {s.onBehalfOf
                      ? t('signoff.nameFor', { name: s.signer.name, lead: s.onBehalfOf.name })
                      : s.signer.name}
                  </strong>
                  <span className="party-tag">{partyLabel(s.party)}</span>
                  <span className="muted">
                    {t('proposal.revisionOf', { n: s.revision })} · {formatDateTime(s.createdAt)}
                  </span>
                  <StaleBadge stale={s.stale} />
                </p>
                <SignerAuthenticationNote authentication={s.authentication} />
                <PlainText text={s.rationale} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  )
}

/** Turning one's party's key: "What you can do" opens it. */
export function SignOffForm({
  view,
  onDone,
}: {
  view: ProposalView
  onDone: (message: string) => void
}) {
  const { t } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const partyLabel = usePartyLabel()
  const [rationale, setRationale] = useState('')
  const signOff = useProposalAction(view, trpc.proposal.signOff.mutationOptions())
  const form = useFocusFirstField<HTMLFormElement>()
  const send = signOff.onSubmit(
    () => ({ verdict: 'approve', rationale }),
    () => onDone(t('signoff.done')),
  )
  return (
    <>
      <form className="form inset-form" id="signoff-form" ref={form} onSubmit={send} noValidate>
        <TextField
          label={t('signoff.rationale')}
          rows={2}
          value={rationale}
          onChange={setRationale}
        />
        <button type="submit" className="button button-primary" disabled={signOff.isPending}>
          {signOff.isPending
            ? t('common.saving')
            : t('signoff.submit', { party: partyLabel(me.partyCode) })}
        </button>
        <ActionError error={signOff.error} />
      </form>
      {signOff.prompt}
    </>
  )
}
