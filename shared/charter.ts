/** Charter vocabulary shared by the server and the browser. */
export const CHARTER_KINDS = ['objective', 'area', 'constraint', 'stance', 'market'] as const
export type CharterKind = (typeof CHARTER_KINDS)[number]

export interface ScreeningTerms {
  en: string[]
  ja: string[]
}

export interface ApprovalPolicy {
  /** Approving reviews each party must give on the current revision. */
  reviewsPerParty: { decision: number; amendment: number }
}

export const DEFAULT_POLICY: ApprovalPolicy = { reviewsPerParty: { decision: 1, amendment: 2 } }
