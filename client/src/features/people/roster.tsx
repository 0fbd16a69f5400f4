/** Who holds power in the partnership, party by party: every participant may read it. */

import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { partyName, usePartnership } from '../../partnership'
import { useTRPC } from '../../trpc'
import { ScrollRegion } from '../../ui/scroll-region'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'

export function RosterSection({ partnershipId }: { partnershipId: string }) {
  const { t, lang, formatDateTime } = useI18n()
  const trpc = useTRPC()
  const { current } = usePartnership()
  const roster = useQuery(trpc.people.roster.queryOptions({ partnershipId }))
  const label = (code: string | null) => {
    if (code === null) return t('party.none')
    const party = current?.parties.find((p) => p.code === code)
    return party ? partyName(party, lang, code) : code
  }
  return (
    <section className="card" aria-labelledby="roster-heading">
      <h2 id="roster-heading">{t('roster.title')}</h2>
      <p className="field-help">{t('roster.help')}</p>
      {roster.isPending ? (
        <Skeleton lines={4} />
      ) : roster.error ? (
        <ErrorState error={roster.error} onRetry={() => roster.refetch()} />
      ) : (
        roster.data.parties.map((party) => (
          <div key={party.code ?? 'external'}>
            <h3>{label(party.code)}</h3>
            {party.holders.length === 0 ? (
              <EmptyState>{t('roster.empty')}</EmptyState>
            ) : (
              <ScrollRegion label={label(party.code)}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('roster.person')}</th>
                      <th scope="col">{t('roster.role')}</th>
                      <th scope="col">{t('roster.since')}</th>
                      <th scope="col">{t('roster.requestedBy')}</th>
                      <th scope="col">{t('roster.confirmedBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {party.holders.map((h) => (
                      <tr key={`${h.userId}-${h.role}`}>
                        <td>
                          {h.name}
                          {h.active ? null : ` (${t('admin.users.status.disabled')})`}
                        </td>
                        <td>{t(`role.${h.role}`)}</td>
                        <td>{formatDateTime(h.since)}</td>
                        <td>
                          {h.source === 'operator' ? t('roster.operator') : (h.requestedBy ?? '—')}
                        </td>
                        <td>
                          {h.source === 'operator'
                            ? t('roster.operator')
                            : h.source === 'provider'
                              ? t('roster.provider')
                              : (h.confirmedBy ?? '—')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
          </div>
        ))
      )}
    </section>
  )
}
