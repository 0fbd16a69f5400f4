/**
 * The printed record's words, English and Japanese. Like email (server/notify/templates.ts), a
 * PDF is written on the server, with no client to translate it; the Japanese table is typed as
 * the English one, so a missing label fails the build.
 */
export type RecordLocale = 'en' | 'ja'

export interface RecordLabels {
  heading: string
  status: { active: string; superseded: string }
  amendment: string
  effective: (date: string) => string
  supersededNotice: (code: string) => string
  decidedText: (n: number) => string
  writtenBy: (name: string, at: string) => string
  noBody: string
  revisionNote: string
  impacts: string
  noImpacts: string
  impact: { none: string; touches: string }
  unknownItem: string
  amendmentChanges: string
  change: { add: string; change: string; retire: string }
  facts: string
  proposal: string
  author: string
  revision: string
  revisionOf: (n: number, count: number) => string
  revisionN: (n: number) => string
  charter: string
  charterVersion: (version: number) => string
  workstream: string
  submitted: string
  decided: string
  supersedes: string
  supersededBy: string
  charterItems: string
  none: string
  signoffs: (n: number) => string
  notSigned: string
  signedBy: (name: string, at: string) => string
  /** a delegate's sign-off (ADR 0030): "Aiko Ito for Takeshi Mori" */
  signedFor: (name: string, forName: string) => string
  authPassword: (at: string) => string
  authOidc: (issuer: string, at: string) => string
  authUnknown: string
  staleSignoffs: string
  staleOn: (n: number) => string
  reviews: (count: number) => string
  noReviews: string
  recusals: string
  noRecusals: string
  recusedBy: (name: string, party: string, revision: number, at: string) => string
  verdict: {
    approve: string
    no_objection: string
    abstain: string
    request_changes: string
    reject: string
  }
  concerns: (count: number) => string
  noConcerns: string
  raised: (name: string, party: string, n: number, at: string) => string
  resolved: (name: string, at: string) => string
  override: string
  footer: (code: string, page: number, pages: number, at: string) => string
}

export const RECORD_LABELS: Record<RecordLocale, RecordLabels> = {
  en: {
    heading: 'Decision record',
    status: { active: 'Active', superseded: 'Superseded' },
    amendment: 'Charter amendment',
    effective: (date) => `Effective ${date}`,
    supersededNotice: (code) => `This decision no longer applies. It was superseded by ${code}.`,
    decidedText: (n) => `What was decided: the text of revision ${n}`,
    writtenBy: (name, at) =>
      `The final revision, as every party signed it. Written by ${name}, ${at}.`,
    noBody: 'The final revision has no text beyond its title.',
    revisionNote: 'Note with this revision',
    impacts: 'Impact statements',
    noImpacts: 'No impact statements were made.',
    impact: { none: 'No impact', touches: 'Touches' },
    unknownItem: 'A charter item not in the version judged by',
    amendmentChanges: 'Changes to the charter',
    change: { add: 'Add', change: 'Change', retire: 'Retire' },
    facts: 'About this decision',
    proposal: 'Proposal',
    author: 'Proposed by',
    revision: 'Approved revision',
    revisionOf: (n, count) => `Revision ${n} (the final one of ${count})`,
    revisionN: (n) => `Revision ${n}`,
    charter: 'Judged by the charter',
    charterVersion: (version) => `Version ${version}`,
    workstream: 'Workstream',
    submitted: 'Submitted',
    decided: 'Decided',
    supersedes: 'Supersedes',
    supersededBy: 'Superseded by',
    charterItems: 'Charter items',
    none: 'None',
    signoffs: (n) => `Sign-offs of revision ${n}`,
    notSigned: 'No sign-off recorded',
    signedBy: (name, at) => `${name}, ${at}`,
    signedFor: (name, forName) => `${name} for ${forName}`,
    authPassword: (at) => `identity confirmed by password, ${at}`,
    authOidc: (issuer, at) => `identity confirmed through the party’s sign-in ${issuer}, ${at}`,
    authUnknown: 'how the signer confirmed their identity was not recorded',
    staleSignoffs:
      'Sign-offs of earlier revisions (stale: they did not count toward this decision)',
    staleOn: (n) => `Stale: on revision ${n}`,
    reviews: (count) => `Reviews (${count})`,
    noReviews: 'No reviews were recorded.',
    recusals: 'Recusals',
    noRecusals: 'Nobody recused.',
    recusedBy: (name, party, revision, at) =>
      `${name} (${party}) recused on revision ${revision} · ${at}`,
    verdict: {
      approve: 'Approve',
      no_objection: 'No objection',
      abstain: 'Abstain',
      request_changes: 'Request changes',
      reject: 'Rejected',
    },
    concerns: (count) => `Concerns raised (${count})`,
    noConcerns: 'No concerns were raised.',
    raised: (name, party, n, at) => `Raised by ${name} (${party}) on revision ${n}, ${at}`,
    resolved: (name, at) => `Resolved by ${name} on ${at}`,
    override: 'Override by a partnership lead',
    footer: (code, page, pages, at) =>
      `${code} · decision record · page ${page} of ${pages} · generated ${at}`,
  },
  ja: {
    heading: '決定記録',
    status: { active: '有効', superseded: '置き換え済み' },
    amendment: '憲章改定',
    effective: (date) => `${date}発効`,
    supersededNotice: (code) => `この決定はもう適用されません。${code}に置き換えられました。`,
    decidedText: (n) => `決定された内容：第${n}版の本文`,
    writtenBy: (name, at) => `各社がサインオフした最終版です。作成：${name}、${at}。`,
    noBody: '最終版には件名のほかに本文がありません。',
    revisionNote: 'この版の改訂メモ',
    impacts: '影響の記述',
    noImpacts: '影響の記述はありません。',
    impact: { none: '影響なし', touches: '影響あり' },
    unknownItem: '判断基準とした版にない憲章項目',
    amendmentChanges: '憲章の変更',
    change: { add: '追加', change: '変更', retire: '廃止' },
    facts: 'この決定について',
    proposal: '提案',
    author: '提案者',
    revision: '承認された版',
    revisionOf: (n, count) => `第${n}版（全${count}版のうち最終版）`,
    revisionN: (n) => `第${n}版`,
    charter: '判断基準とした憲章',
    charterVersion: (version) => `第${version}版`,
    workstream: 'ワークストリーム',
    submitted: '提出',
    decided: '決定',
    supersedes: '置き換える決定',
    supersededBy: '置き換えた決定',
    charterItems: '憲章項目',
    none: 'なし',
    signoffs: (n) => `第${n}版へのサインオフ`,
    notSigned: 'サインオフの記録なし',
    signedBy: (name, at) => `${name}、${at}`,
    signedFor: (name, forName) => `${forName}の代理 ${name}`,
    authPassword: (at) => `パスワードで本人確認、${at}`,
    authOidc: (issuer, at) => `自社のサインイン（${issuer}）で本人確認、${at}`,
    authUnknown: '署名者の本人確認の方法は記録されていません',
    staleSignoffs: '以前の版へのサインオフ（失効。この決定には数えられていません）',
    staleOn: (n) => `失効：第${n}版へのもの`,
    reviews: (count) => `レビュー（${count}）`,
    noReviews: 'レビューの記録はありません。',
    recusals: '回避',
    noRecusals: '回避した人はいません。',
    recusedBy: (name, party, revision, at) =>
      `${name}（${party}）が改訂 ${revision} で回避 · ${at}`,
    verdict: {
      approve: '承認',
      no_objection: '異議なし',
      abstain: '棄権',
      request_changes: '変更を要求',
      reject: '却下',
    },
    concerns: (count) => `提起された懸念（${count}）`,
    noConcerns: '懸念は提起されませんでした。',
    raised: (name, party, n, at) => `${name}（${party}）が第${n}版に対して${at}に提起`,
    resolved: (name, at) => `${name}が${at}に解決`,
    override: 'パートナーシップ責任者によるオーバーライド',
    footer: (code, page, pages, at) => `${code}・決定記録・${page}／${pages}ページ・${at}作成`,
  },
}

/** A timestamp as the record prints it: in UTC, and saying so. */
export function recordTime(iso: string, locale: RecordLocale): string {
  if (!iso) return ''
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return locale === 'ja' ? `${day} ${time}（UTC）` : `${day} ${time} UTC`
}
