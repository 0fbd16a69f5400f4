import type { ReactNode } from 'react'

/**
 * A table wider than a phone scrolls sideways inside this region, not the page.
 * It takes focus so a keyboard can scroll it (axe: scrollable-region-focusable),
 * and its label names it for a screen reader.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scrolling wrapper, not a page section
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
