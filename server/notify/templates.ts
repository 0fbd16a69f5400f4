/**
 * Email sentences, English and Japanese. Only email is written on the server (there is no
 * client to translate it); the bell in the app renders the same codes with the client's i18n.
 * The Japanese table is typed as the English one: a missing kind fails the build.
 */
import type {
  NotificationCategory,
  NotificationKind,
  NotificationPayload,
} from '../../shared/notification-kinds'

export type EmailLocale = 'en' | 'ja'

export interface TemplateContext {
  /** The decide-by date as the recipient reads it. */
  decideBy: string | null
}

interface Dictionary {
  kinds: Record<NotificationKind, (p: NotificationPayload, c: TemplateContext) => string>
  categories: Record<NotificationCategory, string>
  subjectPrefix: string
  greeting: (name: string) => string
  decideBy: (date: string) => string
  open: string
  sentAt: (time: string) => string
  why: string
  stopCategory: (category: string) => string
  stopAll: string
  digestSubject: (count: number) => string
  digestIntro: (count: number) => string
}

const q = (p: NotificationPayload) =>
  [p.proposalCode, p.proposalTitle ? `“${p.proposalTitle}”` : null].filter(Boolean).join(' ')
const qJa = (p: NotificationPayload) =>
  [p.proposalCode, p.proposalTitle ? `「${p.proposalTitle}」` : null].filter(Boolean).join(' ')

const en: Dictionary = {
  kinds: {
    'review.requested': (p) => `${p.actorName ?? 'Someone'} asked you to review ${q(p)}.`,
    'review.changes_requested': (p) =>
      `${p.actorName ?? 'A reviewer'} requested changes to ${q(p)}.`,
    'concern.raised': (p) =>
      `${p.actorName ?? 'Someone'} raised a concern on ${q(p)}${p.text ? `: ${p.text}` : '.'}`,
    'concern.resolved': (p) => `A concern on ${q(p)} was resolved${p.text ? `: ${p.text}` : '.'}`,
    'signoff.owed': (p) => `${q(p)} is waiting for ${p.partyCode ?? 'your party'}'s sign-off.`,
    'signoff.escalated': (p, c) =>
      `${p.partyCode ?? 'Your party'}'s sign-off on ${q(p)} is overdue${c.decideBy ? ` (decide by ${c.decideBy})` : ''}; it is escalated to you as a partnership lead.`,
    'proposal.approved': (p) => `${q(p)} was approved.`,
    'proposal.rejected': (p) => `${q(p)} was rejected${p.text ? `. Reason: ${p.text}` : '.'}`,
    'proposal.withdrawn': (p) => `${q(p)} was withdrawn by ${p.actorName ?? 'its author'}.`,
    'decide_by.approaching': (p, c) =>
      `${q(p)} must be decided by ${c.decideBy ?? '?'}${p.businessDays !== undefined ? ` (${p.businessDays} business days left on your calendar)` : ''}.`,
    'decide_by.overdue': (p, c) =>
      `${q(p)} is overdue: it was to be decided by ${c.decideBy ?? '?'}.`,
    'wait.owned': (p) =>
      `${q(p)} cannot progress until you act${p.needed !== undefined ? ` (${p.have ?? 0}/${p.needed})` : ''}.`,
    mention: (p) =>
      `${p.actorName ?? 'Someone'} mentioned you on ${q(p)}${p.text ? `: ${p.text}` : '.'}`,
    // the escalation ladder (ADR 0032)
    'proposal.escalated': (p) =>
      `${q(p)} is escalated to the ${p.body === 'executives' ? 'executives' : 'steering committee'}${p.coolingOffUntil ? `; cooling-off until ${p.coolingOffUntil}` : ''}.`,
    'proposal.reopened': (p) =>
      `${q(p)} was reopened by ${p.actorName ?? 'the steering committee'} with a new revision; it is in review again.`,
    'delegation.requested': (p) =>
      `${p.delegatorName ?? 'A lead'} would let ${p.delegateName ?? 'a colleague'} sign for them from ${p.startsOn ?? '?'} to ${p.endsOn ?? '?'}: a second person of the party approves it.`,
    'delegation.approved': (p) =>
      `${p.delegateName ?? 'The delegate'} may sign for ${p.delegatorName ?? 'the lead'} from ${p.startsOn ?? '?'} to ${p.endsOn ?? '?'}: the delegation is approved.`,
    'delegation.ended': (p) =>
      p.reasonCode === 'cancelled'
        ? `The delegation from ${p.delegatorName ?? 'the lead'} to ${p.delegateName ?? 'the delegate'} (${p.startsOn ?? '?'} to ${p.endsOn ?? '?'}) was cancelled before it was approved.`
        : `${p.delegateName ?? 'The delegate'} no longer signs for ${p.delegatorName ?? 'the lead'}: the delegation (${p.startsOn ?? '?'} to ${p.endsOn ?? '?'}) was revoked.`,
    'witness.refused': (p) =>
      `${p.partyCode ?? 'The operator'}'s witness refused the log's checkpoint (${p.reasonCode ?? 'refused'}): ${p.text ?? ''} See the audit page; keep the witness's state file as evidence.`,
  },
  categories: {
    reviews: 'reviews',
    concerns: 'concerns',
    signoffs: 'sign-offs',
    outcomes: 'outcomes (approved, rejected, withdrawn)',
    reminders: 'reminders and deadlines',
    mentions: 'mentions',
  },
  subjectPrefix: 'Concord',
  greeting: (name) => `Hello ${name},`,
  decideBy: (date) => `Decide by: ${date}`,
  open: 'Open it in Concord:',
  sentAt: (time) => `Sent ${time}.`,
  why: 'You receive this because of your role in the partnership or because you follow this proposal.',
  stopCategory: (category) => `Stop emails about ${category}:`,
  stopAll: 'Stop all Concord emails:',
  digestSubject: (count) => `Concord: ${count} update${count === 1 ? '' : 's'} for you`,
  digestIntro: (count) =>
    `Here ${count === 1 ? 'is' : 'are'} ${count} update${count === 1 ? '' : 's'} since your last digest:`,
}

const ja: Dictionary = {
  kinds: {
    'review.requested': (p) =>
      `${p.actorName ?? '担当者'}さんから ${qJa(p)} のレビューを依頼されました。`,
    'review.changes_requested': (p) =>
      `${p.actorName ?? 'レビュアー'}さんが ${qJa(p)} に修正を求めました。`,
    'concern.raised': (p) =>
      `${p.actorName ?? '担当者'}さんが ${qJa(p)} に懸念を表明しました${p.text ? `：${p.text}` : '。'}`,
    'concern.resolved': (p) => `${qJa(p)} の懸念が解消されました${p.text ? `：${p.text}` : '。'}`,
    'signoff.owed': (p) => `${qJa(p)} は ${p.partyCode ?? '貴社'} の承認を待っています。`,
    'signoff.escalated': (p, c) =>
      `${qJa(p)} に対する ${p.partyCode ?? '貴社'} の承認が期限を過ぎています${c.decideBy ? `（決定期限 ${c.decideBy}）` : ''}。パートナーシップ責任者としてエスカレーションされました。`,
    'proposal.approved': (p) => `${qJa(p)} が承認されました。`,
    'proposal.rejected': (p) => `${qJa(p)} が却下されました${p.text ? `。理由：${p.text}` : '。'}`,
    'proposal.withdrawn': (p) =>
      `${qJa(p)} は ${p.actorName ?? '起案者'}さんにより取り下げられました。`,
    'decide_by.approaching': (p, c) =>
      `${qJa(p)} の決定期限は ${c.decideBy ?? '?'} です${p.businessDays !== undefined ? `（貴社の営業日であと ${p.businessDays} 日）` : ''}。`,
    'decide_by.overdue': (p, c) => `${qJa(p)} は決定期限（${c.decideBy ?? '?'}）を過ぎています。`,
    'wait.owned': (p) =>
      `${qJa(p)} はあなたの対応を待っています${p.needed !== undefined ? `（${p.have ?? 0}/${p.needed}）` : ''}。`,
    mention: (p) =>
      `${p.actorName ?? '担当者'}さんが ${qJa(p)} であなたをメンションしました${p.text ? `：${p.text}` : '。'}`,
    // the escalation ladder (ADR 0032)
    'proposal.escalated': (p) =>
      `${qJa(p)} は${p.body === 'executives' ? '経営陣' : '運営委員会'}にエスカレーションされました${p.coolingOffUntil ? `（冷却期間は ${p.coolingOffUntil} まで）` : ''}。`,
    'proposal.reopened': (p) =>
      `${qJa(p)} は ${p.actorName ?? '運営委員会'}さんにより新しい改訂版で再開され、再びレビュー中です。`,
    'delegation.requested': (p) =>
      `${p.delegatorName ?? '責任者'}さんが ${p.startsOn ?? '?'} から ${p.endsOn ?? '?'} まで ${p.delegateName ?? '同僚'}さんに承認の代理を依頼しています。社内の別の方の承認が必要です。`,
    'delegation.approved': (p) =>
      `委任が承認されました。${p.delegateName ?? '代理人'}さんは ${p.startsOn ?? '?'} から ${p.endsOn ?? '?'} まで ${p.delegatorName ?? '責任者'}さんの代理で承認できます。`,
    'delegation.ended': (p) =>
      p.reasonCode === 'cancelled'
        ? `${p.delegatorName ?? '責任者'}さんから ${p.delegateName ?? '代理人'}さんへの委任（${p.startsOn ?? '?'}〜${p.endsOn ?? '?'}）は、承認前に取り下げられました。`
        : `委任（${p.startsOn ?? '?'}〜${p.endsOn ?? '?'}）が取り消されました。${p.delegateName ?? '代理人'}さんは ${p.delegatorName ?? '責任者'}さんの代理で承認できなくなりました。`,
    'witness.refused': (p) =>
      `${p.partyCode ?? '運営者'} のウィットネスが台帳のチェックポイントを拒否しました（${p.reasonCode ?? 'refused'}）：${p.text ?? ''} 監査ページをご確認ください。ウィットネスの状態ファイルは証拠として保管してください。`,
  },
  categories: {
    reviews: 'レビュー',
    concerns: '懸念',
    signoffs: '承認',
    outcomes: '結果（承認・却下・取り下げ）',
    reminders: 'リマインダーと期限',
    mentions: 'メンション',
  },
  subjectPrefix: 'Concord',
  greeting: (name) => `${name} 様`,
  decideBy: (date) => `決定期限：${date}`,
  open: 'Concord で開く：',
  sentAt: (time) => `送信日時：${time}`,
  why: 'パートナーシップでの役割、またはこの提案をフォローしているため、このメールをお送りしています。',
  stopCategory: (category) => `「${category}」のメールを停止：`,
  stopAll: 'Concord のメールをすべて停止：',
  digestSubject: (count) => `Concord：${count}件の更新があります`,
  digestIntro: (count) => `前回のまとめ以降の更新が${count}件あります：`,
}

export const EMAIL_DICTIONARIES: Record<EmailLocale, Dictionary> = { en, ja }

export function emailLocale(locale: string | null | undefined): EmailLocale {
  return locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}
