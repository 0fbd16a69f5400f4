import { useI18n } from '../../i18n'

/** Marks what was said about an earlier revision: by a word, not by fading. */
export function StaleBadge({ stale }: { stale: boolean }) {
  const { t } = useI18n()
  return stale ? <span className="badge badge-stale">{t('proposal.stale')}</span> : null
}
