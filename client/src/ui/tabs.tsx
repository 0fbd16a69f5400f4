/**
 * Tabs after the WAI-ARIA Authoring Practices pattern: one tab stop (the selected tab), arrow
 * keys, Home and End move between tabs and select them. Only the selected panel is rendered, so
 * a section that is not open costs nothing. Which tab is selected belongs to the caller (the URL).
 */
import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react'
import './tabs.css'

export interface TabDef<T extends string> {
  id: T
  label: ReactNode
}

export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  label: string
  tabs: TabDef<T>[]
  selected: T
  onSelect: (id: T) => void
  /** The selected tab's panel. */
  children: ReactNode
}) {
  const base = useId()
  const list = useRef<HTMLDivElement>(null)
  const tabId = (id: T) => `${base}-tab-${id}`
  const panelId = `${base}-panel`
  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === selected)
    const last = tabs.length - 1
    const next =
      event.key === 'ArrowRight'
        ? at === last
          ? 0
          : at + 1
        : event.key === 'ArrowLeft'
          ? at === 0
            ? last
            : at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1
    const tab = tabs[next]
    if (!tab) return
    event.preventDefault()
    onSelect(tab.id)
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(tab.id))}`)?.focus()
  }
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list" ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const on = tab.id === selected
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              data-tab={tab.id}
              className="tab"
              aria-selected={on}
              aria-controls={on ? panelId : undefined}
              tabIndex={on ? 0 : -1}
              onClick={() => onSelect(tab.id)}
            >
              {tab.label}
            </button>
          )
        })}
      </div>
      <div
        role="tabpanel"
        id={panelId}
        className="tab-panel"
        data-tab={selected}
        aria-labelledby={tabId(selected)}
      >
        {children}
      </div>
    </div>
  )
}
