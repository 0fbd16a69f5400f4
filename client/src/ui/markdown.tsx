import { lazy, Suspense } from 'react'
import { useI18n } from '../i18n'

// The markdown parser is some tens of kB: it loads with the first page that shows markdown.
const MarkdownView = lazy(() =>
  import('./markdown-view').then((m) => ({ default: m.MarkdownView })),
)

/** User-written markdown, sanitized (see markdown-view.tsx). Plain text while the parser loads. */
export function Markdown({ source }: { source: string }) {
  const { t } = useI18n()
  return (
    <Suspense
      fallback={
        <div className="markdown markdown-pending" aria-busy="true">
          <span className="visually-hidden">{t('markdown.loading')}</span>
          <p className="pre-wrap">{source}</p>
        </div>
      }
    >
      <MarkdownView source={source} />
    </Suspense>
  )
}
