import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type ChangeEvent, useId, useState } from 'react'
import { CHECKPOINT_ROLES, hasAnyRole } from '../../../../shared/roles'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { useTRPC, useTRPCClient } from '../../trpc'
import { downloadText } from '../../ui/download'
import { StatusMessage, useErrorMessage } from '../../ui/states'
import './audit.css'

/** A check's outcome; `verdict` says what was checked and whether it holds. */
type Check = { holds: boolean; message: string; verdict: string }

/** How long ago, in the largest unit that fits ("3 hours ago", "3 時間前"). */
function ago(iso: string, locale: string): string {
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000)
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ]
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit)
  return format.format(0, 'minute')
}

export function CheckpointPanel({ partnershipId }: { partnershipId: string }) {
  const { t, formatDateTime, locale } = useI18n()
  const { roles } = usePartnership()
  // Asking for a checkpoint is a write: a lead's or an admin's. An auditor reads the newest one,
  // checks it, downloads it; the server signs one on its own as the ledger grows.
  const mayMake = hasAnyRole(roles, CHECKPOINT_ROLES)
  const trpc = useTRPC()
  const client = useTRPCClient()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const fileId = useId()
  const checkpoints = useQuery(trpc.audit.checkpoints.queryOptions({ partnershipId }))
  const create = useMutation(trpc.audit.createCheckpoint.mutationOptions())
  const [status, setStatus] = useState('')
  const [error, setError] = useState('')
  const [check, setCheck] = useState<Check | null>(null)
  const [checking, setChecking] = useState(false)
  const latest = checkpoints.data?.checkpoints.at(-1) ?? null

  const download = () => {
    if (!latest) return
    setError('')
    downloadText(
      `concord-checkpoint-${latest.number}-seq-${latest.seq}.json`,
      'application/json',
      `${JSON.stringify(latest, null, 2)}\n`,
    )
    setStatus(t('audit.checkpoint.downloaded', { number: latest.number }))
  }

  const makeNow = async () => {
    setError('')
    setStatus('')
    try {
      const made = await create.mutateAsync({ partnershipId })
      await queryClient.invalidateQueries({ queryKey: trpc.audit.checkpoints.queryKey() })
      setStatus(
        t('audit.checkpoint.made', { number: made.checkpoint.number, seq: made.checkpoint.seq }),
      )
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const checkLatest = async () => {
    if (!latest) return
    setCheck(null)
    setError('')
    setChecking(true)
    try {
      const result = await client.audit.verifyCheckpoint.query({
        partnershipId,
        checkpoint: latest,
      })
      const verdict = t(
        result.holds ? 'audit.checkpoint.newestHolds' : 'audit.checkpoint.newestFails',
        { number: latest.number },
      )
      setCheck({ holds: result.holds, message: result.message, verdict })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setChecking(false)
    }
  }

  const checkFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    setCheck(null)
    setError('')
    setChecking(true)
    try {
      let checkpoint: unknown
      try {
        checkpoint = JSON.parse(await file.text())
      } catch {
        setError(t('audit.checkpoint.notJson', { file: file.name }))
        return
      }
      const result = await client.audit.verifyCheckpoint.query({
        partnershipId,
        // The server checks the shape and names any field that is wrong.
        checkpoint: checkpoint as never,
      })
      const verdict = t(result.holds ? 'audit.checkpoint.holds' : 'audit.checkpoint.fails', {
        file: file.name,
      })
      setCheck({ holds: result.holds, message: result.message, verdict })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setChecking(false)
      event.target.value = ''
    }
  }

  return (
    <section className="card" aria-labelledby="checkpoint-heading">
      <h2 id="checkpoint-heading">{t('audit.checkpoint.title')}</h2>
      <p className="muted">{t('audit.checkpoint.help')}</p>
      <p className="checkpoint-latest">
        {checkpoints.isPending
          ? t('common.loading')
          : latest
            ? t('audit.checkpoint.latest', {
                number: latest.number,
                seq: latest.seq,
                time: formatDateTime(latest.ts),
              })
            : t('audit.checkpoint.none')}
        {latest && checkpoints.data ? (
          <>
            {' '}
            <span className="checkpoint-age">
              {t('audit.checkpoint.age', { ago: ago(latest.ts, locale) })}{' '}
              {t('audit.checkpoint.since', {
                n: Math.max(0, checkpoints.data.headSeq - latest.seq),
              })}
            </span>
          </>
        ) : null}
      </p>
      {checkpoints.data && !mayMake ? (
        <p className="muted">{t('audit.checkpoint.bySchedule')}</p>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" disabled={!latest} onClick={download}>
          {t('audit.checkpoint.download')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!latest || checking}
          onClick={() => void checkLatest()}
        >
          {t('audit.checkpoint.checkNewest')}
        </button>
        {mayMake ? (
          <button
            type="button"
            className="button"
            disabled={create.isPending}
            onClick={() => void makeNow()}
          >
            {create.isPending ? t('common.saving') : t('audit.checkpoint.make')}
          </button>
        ) : null}
      </div>
      <div className="field file-field">
        <label htmlFor={fileId}>{t('audit.checkpoint.check')}</label>
        <input
          id={fileId}
          type="file"
          accept="application/json,.json"
          disabled={checking}
          onChange={(e) => void checkFile(e)}
        />
        <p className="field-help">{t('audit.checkpoint.checkHelp')}</p>
      </div>
      <StatusMessage>{checking ? t('audit.checkpoint.checking') : status}</StatusMessage>
      <div aria-live="polite">
        {check ? (
          <div
            className={`verify-result ${check.holds ? 'verify-ok' : 'verify-broken'}`}
            data-result={check.holds ? 'holds' : 'fails'}
          >
            <p className="verify-verdict">
              <span aria-hidden="true">{check.holds ? '✓ ' : '✗ '}</span>
              {check.verdict}
            </p>
            <p lang="en">{check.message}</p>
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
