/**
 * The proposal page's sections and where each one is addressed: `?tab=discussion` selects a
 * section, so links and Back work; an older fragment link (`#comment-…`, `#reviews`) still lands
 * in the section that holds it.
 */
import { navigate, useLocation } from '../../router'

export const TABS = ['content', 'revisions', 'reviews', 'discussion', 'history'] as const
export type ProposalTab = (typeof TABS)[number]

/** Forms the page opens on demand, and the section each lives in (sign-off has none). */
export type ProposalForm = 'review' | 'concern' | 'comment'
export const TAB_OF_FORM: Record<ProposalForm, ProposalTab> = {
  review: 'reviews',
  concern: 'reviews',
  comment: 'discussion',
}

function tabOfHash(hash: string): ProposalTab | null {
  const target = hash.replace(/^#/, '')
  if (target.startsWith('comment')) return 'discussion'
  if (/^(reviews?|concerns?|review-form|concern-form|reviewers)/.test(target)) return 'reviews'
  if (target.startsWith('revisions') || target.startsWith('diff')) return 'revisions'
  if (target === 'timeline') return 'history'
  return null
}

function isTab(value: string | null): value is ProposalTab {
  return (TABS as readonly string[]).includes(value ?? '')
}

/** The selected section, from the URL; selecting one is a new history entry. */
export function useProposalTab(): [ProposalTab, (tab: ProposalTab) => void] {
  const { pathname, search } = useLocation()
  const asked = search.get('tab')
  const tab = isTab(asked) ? asked : (tabOfHash(window.location.hash) ?? 'content')
  const select = (next: ProposalTab) => {
    if (next === tab) return
    const params = new URLSearchParams(search)
    if (next === 'content') params.delete('tab')
    else params.set('tab', next)
    const query = params.toString()
    navigate(query ? `${pathname}?${query}` : pathname)
  }
  return [tab, select]
}
