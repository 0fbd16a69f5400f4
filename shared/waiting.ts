/**
 * What a proposal waits on, and why an item is in someone's inbox, as codes: the server decides,
 * the client's i18n writes the sentence.
 */
export type WaitingOn =
  /** the author: a draft visible to their party only */
  | { kind: 'draft' }
  /** open concerns must be resolved */
  | { kind: 'concerns'; count: number }
  /** the author: changes requested by these party codes */
  | { kind: 'changes_requested'; parties: string[] }
  | { kind: 'approvals'; parties: { party: string; have: number; need: number }[] }
  | { kind: 'signoff'; parties: string[]; partnershipLeads: boolean }
  | { kind: 'closed' }

export type InboxReason =
  | 'review'
  | 'signoff'
  | 'overdue'
  | 'draft'
  | 'changes_requested'
  | 'concern'
