import { useI18n } from '../../i18n'
import { type Party, partyName } from '../../partnership'
import type { RouterOutputs } from '../../trpc'
import './workstreams.css'

export type Workstream = RouterOutputs['workstream']['list'][number]
export type Person = Workstream['leads'][number]

const STATUSES = ['proposed', 'active', 'concluded', 'cancelled'] as const
type Status = (typeof STATUSES)[number]

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n()
  const known = STATUSES.includes(status as Status) ? (status as Status) : null
  return (
    <span className={`badge badge-status-${known ?? 'unknown'}`}>
      {known ? t(`workstreams.status.${known}`) : status}
    </span>
  )
}

/** People grouped by party, one group per party of the partnership, in the parties' order. */
export function PeopleByParty({
  people,
  parties,
  empty,
  compact = false,
}: {
  people: Person[]
  parties: Party[]
  empty: string
  compact?: boolean
}) {
  const { t, lang } = useI18n()
  const codes = [...parties.map((p) => p.code)]
  for (const person of people)
    if (person.partyCode && !codes.includes(person.partyCode)) codes.push(person.partyCode)
  return (
    <dl className={compact ? 'party-people party-people-compact' : 'party-people'}>
      {codes.map((code) => {
        const mine = people.filter((p) => p.partyCode === code)
        return (
          <div key={code} className="party-people-group">
            <dt>
              {partyName(
                parties.find((p) => p.code === code),
                lang,
                code,
              )}
            </dt>
            {mine.length === 0 ? (
              <dd className="muted">{empty}</dd>
            ) : (
              mine.map((person) => (
                <dd key={person.id}>
                  {person.name}
                  {person.active ? null : (
                    <span className="muted"> ({t('workstreams.disabledAccount')})</span>
                  )}
                </dd>
              ))
            )}
          </div>
        )
      })}
    </dl>
  )
}
