/** The API's answers the proposal pages and the inbox work with. */
import type { RouterOutputs } from '../../trpc'

export type ProposalView = RouterOutputs['proposal']['get']
export type ProposalListItem = RouterOutputs['proposal']['list']['items'][number]
export type InboxView = RouterOutputs['inbox']['get']
export type InboxItem = InboxView['reviewsRequested'][number]
export type CharterView = RouterOutputs['charter']['get']
export type CharterItem = CharterView['items']['constraint'][number]
export type WorkstreamView = RouterOutputs['workstream']['list'][number]
export type DecisionListItem = RouterOutputs['decision']['list']['items'][number]

/** What a section of the proposal page is given: the proposal, and its charter once loaded. */
export interface SectionProps {
  view: ProposalView
  charter: CharterView | undefined
}
