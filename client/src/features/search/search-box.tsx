/** The one search box, in the header: words or a code, sent to the results page (/search?q=). */
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useI18n } from '../../i18n'
import { navigate, useLocation } from '../../router'
import './search.css'

export function SearchBox() {
  const { t } = useI18n()
  const id = useId()
  const { pathname, search } = useLocation()
  const shown = pathname === '/search' ? (search.get('q') ?? '') : ''
  const [text, setText] = useState(shown)
  useEffect(() => setText(shown), [shown])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const query = text.trim()
    if (query) navigate(`/search?q=${encodeURIComponent(query)}`)
  }
  return (
    <search className="search-box">
      <form onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id={id}
          type="search"
          name="q"
          value={text}
          maxLength={200}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          enterKeyHint="search"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button">
          {t('search.submit')}
        </button>
      </form>
    </search>
  )
}
