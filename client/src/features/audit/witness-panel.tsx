/**
 * Each party's witness on the audit page (ADR 0035): what it cosigned last and whether it refuses
 * the log now. When the viewer's own party's witness refuses, a banner says so first: the operator
 * may be showing a history that does not extend what the witness saw.
 */
import { useQuery } from '@tanstack/react-query'
import { useMe } from '../../auth'
import { type MessageKey, useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import type { RouterOutputs } from '../../trpc-client'

type Status = RouterOutputs['audit']['witnessStatus'][number]

function useReason() {
  const { t } = useI18n()
  return (r: NonNullable<Status['lastRefusal']>) =>
    t(`audit.witnesses.reason.${r.kind}` as MessageKey, {
      size: r.size ?? 0,
      witnessed: r.witnessedSize ?? 0,
    })
}

/** The banner, for the top of the page: only the viewer's own party's witness. */
export function WitnessRefusalBanner({ partnershipId }: { partnershipId: string }) {
  const { t } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const reason = useReason()
  const status = useQuery(trpc.audit.witnessStatus.queryOptions({ partnershipId }))
  const own = (status.data ?? []).find(
    (w) => w.party !== null && w.party === me.partyCode && w.refusing && w.lastRefusal,
  )
  if (!own?.lastRefusal) return null
  return (
    <p className="notice notice-warning witness-refusal" role="alert">
      {t('audit.witnesses.banner', { reason: reason(own.lastRefusal) })}
    </p>
  )
}

export function WitnessPanel({ partnershipId }: { partnershipId: string }) {
  const { t, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const reason = useReason()
  const status = useQuery(trpc.audit.witnessStatus.queryOptions({ partnershipId }))
  const witnesses = status.data ?? []
  return (
    <section className="card witness-panel" aria-labelledby="witnesses-heading">
      <h2 id="witnesses-heading">{t('audit.witnesses.title')}</h2>
      {status.isSuccess && witnesses.length === 0 ? (
        <p className="muted">{t('audit.witnesses.none')}</p>
      ) : null}
      <ul className="witness-list">
        {witnesses.map((w) => (
          <li key={w.vkey} data-party={w.party ?? ''} data-refusing={w.refusing}>
            <strong>
              {w.party
                ? t('audit.witnesses.party', { party: w.party })
                : t('audit.witnesses.operator')}
            </strong>{' '}
            <span className={w.refusing ? 'witness-state refusing' : 'witness-state'}>
              {w.refusing ? t('audit.witnesses.refusing') : t('audit.witnesses.ok')}
            </span>
            <br />
            <span className="muted">
              {w.lastCosigned
                ? t('audit.witnesses.cosigned', {
                    size: w.lastCosigned.size,
                    at: formatDateTime(w.lastCosigned.receivedAt),
                  })
                : t('audit.witnesses.neverCosigned')}
            </span>
            {w.lastRefusal ? (
              <>
                <br />
                <span>
                  {t('audit.witnesses.lastRefusal', {
                    at: formatDateTime(w.lastRefusal.at),
                    reason: reason(w.lastRefusal),
                  })}
                </span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
