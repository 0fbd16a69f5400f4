/**
 * Forms that open when asked for: a button that says whether its form is open (aria-expanded),
 * the form's first field taking the keyboard focus as it opens, and, on Cancel, the focus back
 * on the button. What happens after a success is the caller's (a focused status message).
 */
import { type ReactNode, useEffect, useId, useRef } from 'react'
import { useI18n } from '../../i18n'

/** Puts the focus in the first field of the element the returned ref is given, once it mounts. */
export function useFocusFirstField<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  useEffect(() => {
    ref.current
      ?.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select, button')
      ?.focus()
  }, [])
  return ref
}

export function OnDemandForm({
  label,
  open,
  onOpenChange,
  primary = false,
  className,
  children,
}: {
  /** The opening button's words ("Write your review"). */
  label: string
  open: boolean
  onOpenChange: (open: boolean) => void
  primary?: boolean
  className?: string
  /** The form, given what closes it and puts the focus back on the button. */
  children: (cancel: () => void) => ReactNode
}) {
  const id = useId()
  const button = useRef<HTMLButtonElement>(null)
  const cancel = () => {
    onOpenChange(false)
    button.current?.focus()
  }
  return (
    <div className={className ? `on-demand ${className}` : 'on-demand'}>
      <button
        ref={button}
        type="button"
        className={primary && !open ? 'button button-primary' : 'button'}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => onOpenChange(!open)}
      >
        {label}
      </button>
      {open ? (
        <div id={id} className="on-demand-body">
          <Opened>{children(cancel)}</Opened>
        </div>
      ) : null}
    </div>
  )
}

/** The opened form: its first field has the focus. */
function Opened({ children }: { children: ReactNode }) {
  const ref = useFocusFirstField<HTMLDivElement>()
  return <div ref={ref}>{children}</div>
}

/** The Cancel button every on-demand form ends with. */
export function CancelButton({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n()
  return (
    <button type="button" className="button button-quiet" onClick={onCancel}>
      {t('common.cancel')}
    </button>
  )
}

/** Whether a section's form is open, held by the page so "What you can do" can open it too. */
export interface FormSwitch {
  open: boolean
  onOpenChange: (open: boolean) => void
}
