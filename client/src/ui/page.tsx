import { type ReactNode, useEffect } from 'react'
import { useI18n } from '../i18n'

/** A page's heading and document title; every page has exactly one h1. */
export function Page({
  title,
  titleLang,
  lead,
  actions,
  children,
}: {
  title: string
  /** The title's language when it is not the page's (a name written only in the other one). */
  titleLang?: string
  lead?: ReactNode
  actions?: ReactNode
  children?: ReactNode
}) {
  const { t } = useI18n()
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`
  }, [title, t])
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 lang={titleLang}>{title}</h1>
          {lead ? <p className="page-lead">{lead}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  )
}
