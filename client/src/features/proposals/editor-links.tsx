/** What the proposal links to: charter items it serves, decisions it supersedes. */
import type { CharterKind } from '../../../../shared/charter'
import { type MessageKey, useI18n } from '../../i18n'
import { CheckboxList, Fieldset, toggled } from '../../ui/fields'
import { LocalText } from '../../ui/local-text'
import type { EditorPart, ItemsPart } from './editor-state'
import type { DecisionListItem } from './types'

const LINK_KINDS: CharterKind[] = ['area', 'objective', 'market', 'constraint', 'stance']

const codeAndTitle = (x: { code: string; title: string; titleJa?: string | null }) => (
  <>
    <span className="code">{x.code}</span>{' '}
    {x.titleJa === undefined ? x.title : <LocalText en={x.title} ja={x.titleJa} />}
  </>
)

export function CharterLinks({ items, state, setState }: ItemsPart) {
  const { t } = useI18n()
  const toggle = (id: string, on: boolean) =>
    setState((s) => ({ ...s, charterItemIds: toggled(s.charterItemIds, id, on) }))
  return (
    <Fieldset legend={t('editor.charterLinks')} help={t('editor.charterLinksHelp')}>
      {LINK_KINDS.map((kind) => {
        const ofKind = items.filter(
          (i) => i.kind === kind && (i.status === 'active' || state.charterItemIds.includes(i.id)),
        )
        if (ofKind.length === 0) return null
        return (
          <div key={kind} className="link-group">
            <p className="label">{t(`charter.kind.${kind}` as MessageKey)}</p>
            <CheckboxList
              className="checkbox-grid checkbox-grid-wide"
              options={ofKind.map((item) => ({ value: item.id, label: codeAndTitle(item) }))}
              chosen={state.charterItemIds}
              onToggle={toggle}
            />
          </div>
        )
      })}
    </Fieldset>
  )
}

export function Supersedes({
  decisions,
  state,
  setState,
}: EditorPart & {
  decisions: DecisionListItem[]
}) {
  const { t } = useI18n()
  const toggle = (id: string, on: boolean) =>
    setState((s) => ({ ...s, supersedes: toggled(s.supersedes, id, on) }))
  return (
    <Fieldset legend={t('editor.supersedes')} help={t('editor.supersedesHelp')}>
      {decisions.length === 0 ? (
        <p className="muted">{t('editor.noActiveDecisions')}</p>
      ) : (
        <CheckboxList
          options={decisions.map((d) => ({ value: d.id, label: codeAndTitle(d) }))}
          chosen={state.supersedes}
          onToggle={toggle}
        />
      )}
    </Fieldset>
  )
}
