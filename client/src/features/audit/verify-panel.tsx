import { useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { useTRPCClient } from '../../trpc'
import { useErrorMessage } from '../../ui/states'
import { type BrowserVerdict, type Progress, verifyInBrowser } from './verify-in-browser'
import './audit.css'

type Outcome = BrowserVerdict

export function VerifyPanel({ partnershipId }: { partnershipId: string }) {
  const { t, formatNumber, locale } = useI18n()
  const partyLabel = usePartyLabel()
  const client = useTRPCClient()
  const errorMessage = useErrorMessage()
  const progressId = useId()
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [error, setError] = useState('')
  const abort = useRef<AbortController | null>(null)
  useEffect(() => () => abort.current?.abort(), [])

  const run = async () => {
    abort.current?.abort()
    const controller = new AbortController()
    abort.current = controller
    setRunning(true)
    setOutcome(null)
    setError('')
    setProgress({ checked: 0, total: 0 })
    try {
      const result = await verifyInBrowser(client, partnershipId, setProgress, controller.signal)
      if (!controller.signal.aborted) setOutcome(result)
    } catch (e) {
      if (!controller.signal.aborted) setError(errorMessage(e))
    } finally {
      if (!controller.signal.aborted) setRunning(false)
    }
  }

  return (
    <section className="card verify-panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">{t('audit.verify.title')}</h2>
      <p className="muted">{t('audit.verify.help')}</p>
      <button
        type="button"
        className="button button-primary"
        disabled={running}
        onClick={() => void run()}
      >
        {running ? t('audit.verify.running') : t('audit.verify.start')}
      </button>
      {progress ? (
        <div className="verify-progress">
          <label htmlFor={progressId}>
            {t('audit.verify.progress', {
              checked: formatNumber(progress.checked),
              total: formatNumber(progress.total),
            })}
          </label>
          <progress id={progressId} max={Math.max(1, progress.total)} value={progress.checked} />
        </div>
      ) : null}
      <div role="status" aria-live="polite" className="verify-result-region">
        {outcome?.ok ? (
          <div className="verify-result verify-ok" data-result="ok">
            <p className="verify-verdict">
              <span aria-hidden="true">✓ </span>
              {t('audit.verify.ok', { seq: outcome.headSeq })}
            </p>
            <p>
              {t('audit.verify.headHash')} <code className="hash">{outcome.headHash}</code>
            </p>
            <p className="muted">
              {t('audit.verify.okDetail', {
                events: formatNumber(outcome.events),
                checkpoints: formatNumber(outcome.checkpoints),
              })}
              {outcome.keyId ? (
                <>
                  {' '}
                  {t('audit.verify.key')} <code className="hash">{outcome.keyId}</code>
                </>
              ) : null}
            </p>
            <WitnessedLine
              witnessed={outcome.witnessed}
              parties={(codes) =>
                new Intl.ListFormat(locale, { type: 'conjunction' }).format(
                  codes.map((c) => (c ? partyLabel(c) : t('witness.notify.operator'))),
                )
              }
            />
          </div>
        ) : outcome && !outcome.ok ? (
          <div className="verify-result verify-broken" data-result="broken">
            <p className="verify-verdict">
              <span aria-hidden="true">✗ </span>
              {t('audit.verify.broken', {
                seq: outcome.seq,
                reason: t(`audit.reason.${outcome.reason}`),
              })}
            </p>
            <p lang="en">{outcome.message}</p>
            <p className="muted">
              {t('audit.verify.brokenDetail', { events: formatNumber(outcome.events) })}
            </p>
          </div>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  )
}

/** What the witnesses vouch for, as this browser checked it (ADR 0035). */
function WitnessedLine({
  witnessed,
  parties,
}: {
  witnessed: BrowserVerdict['witnessed']
  parties: (codes: (string | null)[]) => string
}) {
  const { t, formatNumber } = useI18n()
  if (witnessed.state === 'none')
    return <p className="verify-witnessed">{t('audit.verify.unwitnessed')}</p>
  if (witnessed.state === 'unchecked')
    return (
      <p className="verify-witnessed">
        {t('audit.verify.witnessUnchecked', { size: formatNumber(witnessed.size) })}{' '}
        <span lang="en">{witnessed.message}</span>
      </p>
    )
  return (
    <p className="verify-witnessed" data-witnessed-size={witnessed.size}>
      {t('audit.verify.witnessed', {
        parties: parties(witnessed.parties),
        size: formatNumber(witnessed.size),
        after: witnessed.after,
      })}
    </p>
  )
}
