/** Why an item is in someone's inbox, as codes: the server decides, the client's i18n writes the sentence. */
export type InboxReason =
  | 'review'
  | 'signoff'
  | 'overdue'
  | 'draft'
  | 'changes_requested'
  | 'concern'
  | 'reviewers_missing'
  | 'charter_conflict'
  /** a concern the person raised, open: theirs to resolve once answered */
  | 'concern_raised'
  /** a concern whose raiser left, held by the person's party's partnership leads (ADR 0031) */
  | 'concern_held'
