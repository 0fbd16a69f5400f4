import { type ReactNode, useEffect, useRef } from 'react'
import { type MessageKey, useI18n } from '../i18n'
import { isApiError } from '../trpc-client'
import { type RefusalData, refusalSentence } from './error-sentences'

/** Grey blocks the size of what is coming, so the page does not jump when it arrives. */
export function Skeleton({ lines = 3, label }: { lines?: number; label?: string }) {
  const { t } = useI18n()
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <span key={i} className="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  )
}

export function PageSkeleton() {
  return (
    <div className="page">
      <div className="page-head">
        <span className="skeleton-title" aria-hidden="true" />
      </div>
      <Skeleton lines={6} />
    </div>
  )
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty-state">{children}</p>
}

/** The server's message when it gave one (it is written for people), else a generic one. */
/** What kind of refusal it was, in the UI's language: keyed by the domain code, else the tRPC code. */
const SUMMARIES: Record<string, MessageKey> = {
  UNAUTHORIZED: 'error.api.unauthorized',
  FORBIDDEN: 'error.api.forbidden',
  NOT_FOUND: 'error.api.notFound',
  CONFLICT: 'error.api.conflict',
  STALE_VERSION: 'error.api.conflict',
  BAD_REQUEST: 'error.api.badRequest',
  GUARDRAIL: 'error.api.guardrail',
  INVALID_TRANSITION: 'error.api.invalidTransition',
  TOO_MANY_REQUESTS: 'error.api.tooMany',
  TOO_MANY_ATTEMPTS: 'error.api.tooMany',
  INTERNAL_SERVER_ERROR: 'error.api.internal',
}

/**
 * The server's message names the field and the rule, in English. In another language the UI
 * says what kind of refusal it was in that language and keeps the server's precise words beside it.
 */
export function useErrorMessage() {
  const { t, lang } = useI18n()
  return (error: unknown): string => {
    if (!isApiError(error)) return t('error.unknown')
    if (!error.data) return t('error.network')
    const sentence = refusalSentence(error.data as RefusalData, t)
    if (sentence) return sentence
    if (lang === 'en') return error.message
    const data = error.data as { code: string; domainCode?: string | null }
    const key = (data.domainCode && SUMMARIES[data.domainCode]) || SUMMARIES[data.code]
    return key
      ? t('error.api.withDetail', { summary: t(key), detail: error.message })
      : error.message
  }
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n()
  const message = useErrorMessage()
  return (
    <div className="error-state" role="alert">
      <p className="error-state-title">{t('error.title')}</p>
      <p>{message(error)}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  )
}

/** A polite live region for "saved", "created" and the like; render it always, empty when quiet. */
/**
 * A polite announcement. With `takeFocus`, a new message also takes the keyboard focus: for the
 * confirmation that replaces a form that just closed, so the focus is not lost to the page.
 */
export function StatusMessage({
  children,
  takeFocus = false,
}: {
  children?: ReactNode
  takeFocus?: boolean
}) {
  const ref = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (takeFocus && children) ref.current?.focus()
  }, [takeFocus, children])
  return (
    <p
      ref={ref}
      className="status-message"
      role="status"
      tabIndex={takeFocus && children ? -1 : undefined}
    >
      {children}
    </p>
  )
}
