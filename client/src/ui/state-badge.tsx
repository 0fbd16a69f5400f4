import type { ProposalState } from '../../../shared/lifecycle'
import { type MessageKey, useI18n } from '../i18n'
import './state-badge.css'

/** A proposal's state as a badge: the words say it, the colour only repeats it. */
export function StateBadge({ state }: { state: ProposalState | string }) {
  const { t } = useI18n()
  const key = `proposal.state.${state}` as MessageKey
  return <span className={`badge state-badge state-${state}`}>{t(key)}</span>
}
