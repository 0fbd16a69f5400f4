/**
 * The printed record's words for a concern's grounds and holder (ADR 0031), English and Japanese;
 * kept beside pdf-labels.ts so the two grow apart without merging into each other.
 */
import type { PolicyClause } from '../../../shared/concern-grounds'
import type { RecordLocale } from './pdf-labels'

export interface ConcernLabels {
  charterItem: (code: string, title: string) => string
  policyClause: (clause: string) => string
  other: (text: string) => string
  unstated: string
  resolvesWhen: (text: string) => string
  heldByLeads: (party: string, raiser: string) => string
  clauses: Record<PolicyClause, string>
}

export const CONCERN_LABELS: Record<RecordLocale, ConcernLabels> = {
  en: {
    charterItem: (code, title) => `Grounds: charter item ${code}${title ? ` “${title}”` : ''}`,
    policyClause: (clause) => `Grounds: policy clause “${clause}”`,
    other: (text) => `Grounds: ${text}`,
    unstated: 'Grounds: not recorded (raised before concerns stated their grounds)',
    resolvesWhen: (text) => `What would resolve it: ${text}`,
    heldByLeads: (party, raiser) =>
      `Held by the partnership leads of ${party} (raised by ${raiser}, who left)`,
    clauses: {
      review_threshold: 'Approving reviews each party must give',
      signoff_eligibility: 'Who may sign off',
      constraint_conflict: 'No decision against a constraint',
      stance_departure: 'Departing from a stance needs every party’s partnership leads',
      impact_statements: 'An impact statement for every constraint and stance',
      separation_of_duties: 'Separation of duties',
    },
  },
  ja: {
    charterItem: (code, title) => `根拠：憲章項目 ${code}${title ? `「${title}」` : ''}`,
    policyClause: (clause) => `根拠：ポリシー条項「${clause}」`,
    other: (text) => `根拠：${text}`,
    unstated: '根拠：記録なし（懸念に根拠を記す前に提起されたもの）',
    resolvesWhen: (text) => `解消の条件：${text}`,
    heldByLeads: (party, raiser) =>
      `${party}のパートナーシップ責任者が保持（提起者の${raiser}は離任）`,
    clauses: {
      review_threshold: '各当事者に必要な承認レビュー数',
      signoff_eligibility: '承認（サインオフ）できる人',
      constraint_conflict: '制約に反する決定はできない',
      stance_departure: '方針から外れるには全当事者のパートナーシップ責任者が必要',
      impact_statements: 'すべての制約と方針への影響の記述',
      separation_of_duties: '職務の分離',
    },
  },
}
