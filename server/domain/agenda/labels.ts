/**
 * The agenda's words for its exports and the calendar feed, English and Japanese. Written on the
 * server, with no client to translate them; the Japanese table is typed as the English one, so a
 * missing label fails the build.
 */
import type { AgendaSectionKey } from './agenda'

export type AgendaLocale = 'en' | 'ja'

export interface AgendaLabels {
  heading: string
  forParty: (party: string, at: string) => string
  section: Record<AgendaSectionKey, string>
  empty: Record<AgendaSectionKey, string>
  decideBy: (date: string) => string
  noDecideBy: string
  overdue: string
  /** an escalated proposal's place on the ladder */
  onLadder: (
    body: 'steering_committee' | 'executives',
    on: string,
    until: string,
    over: boolean,
  ) => string
  noWorkstream: string
  state: Record<string, string>
  effective: (date: string) => string
  changedItem: (code: string, title: string, version: number, by: string | null) => string
  retiredItem: (code: string, title: string, version: number, by: string | null) => string
  footer: (page: number, total: number, at: string) => string
  /** the calendar feed */
  feedName: string
  eventSummary: (code: string, title: string) => string
  eventDescription: (state: string, workstream: string | null) => string
}

const EN: AgendaLabels = {
  heading: 'Steering committee agenda',
  forParty: (party, at) => `For ${party} · as of ${at}`,
  section: {
    signoffs_owed: 'Sign-offs owed',
    escalated: 'Escalated proposals',
    overdue: 'Overdue proposals',
    decisions_for_review: 'Decisions due for review',
  },
  empty: {
    signoffs_owed: 'Your party owes no sign-off.',
    escalated: 'No proposal is on the escalation ladder.',
    overdue: 'No proposal is past its decide-by date.',
    decisions_for_review: 'No decision rests on a charter item changed since it was judged.',
  },
  decideBy: (date) => `decide by ${date}`,
  noDecideBy: 'no decide-by date',
  overdue: 'overdue',
  onLadder: (body, on, until, over) =>
    `escalated to ${body === 'executives' ? 'the executives' : 'the steering committee'} on ${on}; ${over ? `cooling-off ended ${until}` : `cooling-off until ${until}`}`,
  noWorkstream: 'No workstream',
  state: {
    draft: 'Draft',
    in_review: 'In review',
    awaiting_signoff: 'Awaiting sign-off',
    escalated: 'Escalated',
    approved: 'Approved',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
  },
  effective: (date) => `effective ${date}`,
  changedItem: (code, title, version, by) =>
    `${code} ${title} changed in charter version ${version}${by ? ` (${by})` : ''}`,
  retiredItem: (code, title, version, by) =>
    `${code} ${title} retired in charter version ${version}${by ? ` (${by})` : ''}`,
  footer: (page, total, at) =>
    `Concord · steering committee agenda · printed ${at} · page ${page} of ${total}`,
  feedName: 'Concord: decide-by dates',
  eventSummary: (code, title) => `${code} decide by: ${title}`,
  eventDescription: (state, workstream) =>
    `${state}${workstream ? ` · ${workstream}` : ''}. Waiting on you in Concord.`,
}

const JA: AgendaLabels = {
  heading: '運営委員会の議題',
  forParty: (party, at) => `${party}向け・${at}時点`,
  section: {
    signoffs_owed: '未了の承認',
    escalated: 'エスカレーション中の提案',
    overdue: '期限を過ぎた提案',
    decisions_for_review: '見直しが必要な決定',
  },
  empty: {
    signoffs_owed: '自社が行うべき承認はありません。',
    escalated: 'エスカレーション手順にかかっている提案はありません。',
    overdue: '決定期限を過ぎた提案はありません。',
    decisions_for_review: '判断後に憲章項目が変更された決定はありません。',
  },
  decideBy: (date) => `決定期限 ${date}`,
  noDecideBy: '決定期限なし',
  overdue: '期限超過',
  onLadder: (body, on, until, over) =>
    `${on} に${body === 'executives' ? '経営陣' : '運営委員会'}へエスカレーション・${over ? `冷却期間は ${until} に終了` : `冷却期間は ${until} まで`}`,
  noWorkstream: 'ワークストリームなし',
  state: {
    draft: '下書き',
    in_review: 'レビュー中',
    awaiting_signoff: '承認待ち',
    escalated: 'エスカレーション中',
    approved: '承認済み',
    rejected: '却下',
    withdrawn: '取り下げ',
  },
  effective: (date) => `発効日 ${date}`,
  changedItem: (code, title, version, by) =>
    `${code} ${title}：憲章第${version}版で変更${by ? `（${by}）` : ''}`,
  retiredItem: (code, title, version, by) =>
    `${code} ${title}：憲章第${version}版で廃止${by ? `（${by}）` : ''}`,
  footer: (page, total, at) => `Concord・運営委員会の議題・${at} 印刷・${page} / ${total} ページ`,
  feedName: 'Concord：決定期限',
  eventSummary: (code, title) => `${code} 決定期限：${title}`,
  eventDescription: (state, workstream) =>
    `${state}${workstream ? `・${workstream}` : ''}。Concord であなたの対応を待っています。`,
}

export const AGENDA_LABELS: Record<AgendaLocale, AgendaLabels> = { en: EN, ja: JA }
