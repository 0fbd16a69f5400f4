import { describe, expect, it } from 'vitest'
import { en, type MessageKey } from '../../client/src/i18n/en'
import { formatMessage } from '../../client/src/i18n/index'
import { ja } from '../../client/src/i18n/ja'
import { refusalSentence } from '../../client/src/ui/error-sentences'

const sayIn = (dictionary: Record<MessageKey, string>, locale: string) => {
  const rules = new Intl.PluralRules(locale)
  const number = new Intl.NumberFormat(locale)
  return (key: MessageKey, params?: Record<string, string | number>) =>
    formatMessage(dictionary[key], params, rules, number)
}

describe('a refusal said as what to do', () => {
  it('says a missing rejection rationale as an instruction, in English and Japanese', () => {
    const data = {
      path: 'proposal.reject',
      field: 'rationale',
      rule: { name: 'required' },
    }
    expect(refusalSentence(data, sayIn(en, 'en'))).toBe(
      'Write why you reject it: the other party reads your reason.',
    )
    expect(refusalSentence(data, sayIn(ja, 'ja'))).toBe(
      '却下する理由を書いてください。相手方もその理由を読みます。',
    )
  })

  it('fills in the rule’s values', () => {
    const data = {
      path: 'proposal.create',
      field: 'decideBy',
      rule: { name: 'passed', params: { date: '2020-01-31' } },
    }
    expect(refusalSentence(data, sayIn(en, 'en'))).toBe(
      '2020-01-31 has already passed. Choose today or a later date, or leave it empty.',
    )
    expect(
      refusalSentence(
        { path: 'x', field: 'body', rule: { name: 'tooLong', params: { max: 200 } } },
        sayIn(en, 'en'),
      ),
    ).toBe('This is too long: at most 200 characters.')
    const untitled = {
      path: 'proposal.create',
      field: 'content.amendment.changes.0.title',
      rule: { name: 'eitherLanguage' },
    }
    expect(refusalSentence(untitled, sayIn(ja, 'ja'))).toBe(ja['error.say.eitherLanguage'])
  })

  it('leaves a refusal it has no sentence for to the server’s own words', () => {
    expect(
      refusalSentence(
        { path: 'proposal.create', field: 'workstreamId', rule: null },
        sayIn(en, 'en'),
      ),
    ).toBeNull()
    expect(
      refusalSentence(
        { path: 'proposal.create', field: 'nickname', rule: { name: 'required' } },
        sayIn(en, 'en'),
      ),
    ).toBeNull()
  })
})
