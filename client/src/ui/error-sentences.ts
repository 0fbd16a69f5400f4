/**
 * The server refuses with a field and a rule by name (`data.field`, `data.rule`; server/trpc.ts);
 * this turns them into a sentence that says what to do, in the person's language. A refusal
 * without a sentence here keeps the server's own (English) words.
 */
import type { MessageKey } from '../i18n'

export interface RefusalData {
  path?: string | null
  field?: string | null
  rule?: { name: string; params?: Record<string, string | number> | null } | null
}

/** "procedure field rule" (or "* field rule" for any procedure) → what to say. */
const SENTENCES: Record<string, MessageKey> = {
  'proposal.reject rationale required': 'error.say.rejectRationale',
  'proposal.signOff rationale required': 'error.say.rejectRationale',
  'proposal.raiseConcern title required': 'error.say.concernTitle',
  'proposal.raiseConcern rationale required': 'error.say.concernRationale',
  'proposal.resolveConcern resolution required': 'error.say.concernResolution',
  'comment.add body required': 'error.say.commentBody',
  '* content.title required': 'error.say.proposalTitle',
  '* decideBy passed': 'error.say.decideByPassed',
  '* decideBy tooFar': 'error.say.decideByTooFar',
  '* content.decideBy date': 'error.say.date',
  '* reviewerIds missing': 'error.say.reviewersMissing',
  'webhook.create url url': 'error.say.webhookUrl',
  'webhook.create url required': 'error.say.webhookUrl',
  'webhook.create url https': 'error.say.webhookHttps',
  'webhook.create url credentials': 'error.say.webhookCredentials',
  'webhook.create eventKinds required': 'error.say.webhookKinds',
  'webhook.test endpointId disabled': 'error.say.webhookDisabled',
  'calendar.setShutdownDay date closedAlready': 'error.say.shutdownClosed',
  'calendar.set country unknownCountry': 'error.say.unknownCountry',
  'calendar.set timeZone unknownTimeZone': 'error.say.unknownTimeZone',
  'calendar.setShutdownDay date date': 'error.say.shutdownDate',
  '* reviewerIds tooFew': 'waits.error.reviewersTooFew',
  'proposal.recuse reason required': 'error.say.recusalReason',
  // grounded concerns (ADR 0031)
  'proposal.raiseConcern grounds.ref required': 'error.say.concernGroundsRef',
  'proposal.raiseConcern grounds.text required': 'error.say.concernGroundsText',
  'proposal.raiseConcern resolvesWhen required': 'error.say.concernResolvesWhen',
  'proposal.raiseConcern grounds.ref unknownCharterItem': 'error.say.unknownCharterItem',
  'proposal.raiseConcern grounds.ref unknownPolicyClause': 'error.say.unknownPolicyClause',
}

/** Any field, by rule: said without naming the field, for rules whose values tell enough. */
const BY_RULE: Record<string, MessageKey> = {
  tooLong: 'error.say.tooLong',
  eitherLanguage: 'error.say.eitherLanguage',
  auditorsChangeNothing: 'error.say.auditorsChangeNothing',
  ledgerBroken: 'error.say.ledgerBroken',
  // positions and recusal (ADR 0029)
  recused: 'error.say.recused',
  reasonRequired: 'error.say.positionReason',
  notOffered: 'error.say.positionNotOffered',
  // Delegation within a party (ADR 0030)
  delegationNotInForce: 'error.say.delegationNotInForce',
  delegationSecondPerson: 'error.say.delegationSecondPerson',
  delegateOtherParty: 'error.say.delegateOtherParty',
  delegationEndsBeforeStart: 'error.say.delegationEndsBeforeStart',
  delegationEnded: 'error.say.delegationEnded',
  delegationTooFarAhead: 'error.say.delegationTooFarAhead',
  // the escalation ladder (ADR 0032)
  notDeadlocked: 'escalation.error.notDeadlocked',
  ladderOrder: 'escalation.error.ladderOrder',
  procedureLadder: 'escalation.error.procedureLadder',
}

export function refusalSentence(
  data: RefusalData,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
): string | null {
  const rule = data.rule
  if (!rule) return null
  const field = data.field ?? ''
  const key =
    SENTENCES[`${data.path ?? ''} ${field} ${rule.name}`] ??
    SENTENCES[`* ${field} ${rule.name}`] ??
    BY_RULE[rule.name]
  return key ? t(key, rule.params ?? {}) : null
}
