import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { ROLES, type Role } from '../../../../shared/roles'
import { useMe } from '../../auth'
import { LANGUAGES, type Language, useI18n } from '../../i18n'
import { partyName, usePartnership } from '../../partnership'
import { useDraft } from '../../session'
import { useTRPC } from '../../trpc'
import { StatusMessage, useErrorMessage } from '../../ui/states'
import { fieldError } from './forms'

interface Draft {
  email: string
  name: string
  partyCode: string
  locale: Language
  roles: Role[]
}

export function CreateUserForm() {
  const { t, lang } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const { current } = usePartnership()
  const adminHere = Boolean(current?.myRoles.includes('admin'))
  const [draft, setDraft, clearDraft] = useDraft<Draft>(me.id, 'admin.create-user', {
    email: '',
    name: '',
    partyCode: me.partyCode ?? '',
    locale: lang,
    roles: ['member'],
  })
  // Passwords never go into a draft.
  const [password, setPassword] = useState('')
  const [status, setStatus] = useState('')
  const ids = {
    email: useId(),
    name: useId(),
    password: useId(),
    passwordHelp: useId(),
    party: useId(),
    locale: useId(),
    error: useId(),
  }

  const createUser = useMutation(trpc.admin.createUser.mutationOptions())
  const setRoles = useMutation(trpc.admin.setRoles.mutationOptions())

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setStatus('')
    let created: { id: string }
    try {
      created = await createUser.mutateAsync({
        email: draft.email,
        name: draft.name,
        password,
        partyCode: draft.partyCode || null,
        locale: draft.locale,
      })
    } catch {
      return // shown from createUser.error
    }
    const email = draft.email.trim()
    let message = t('admin.create.done', { email })
    if (current && adminHere && draft.roles.length > 0) {
      try {
        const result = await setRoles.mutateAsync({
          userId: created.id,
          partnershipId: current.id,
          roles: draft.roles,
        })
        if (result.pending.length > 0)
          message = `${message} ${t('admin.roles.pending', { roles: result.pending.map((r) => t(`role.${r}`)).join(', ') })}`
      } catch (error) {
        message = t('admin.create.rolesFailed', { email, message: errorMessage(error) })
      }
    }
    clearDraft()
    setPassword('')
    setStatus(message)
    await queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.pathKey() })
  }

  const error = createUser.error
  const errorFor = (field: string) => fieldError(error, field)
  const unplaced =
    error && !['email', 'name', 'password', 'partyCode', 'locale'].some((f) => errorFor(f))
  const busy = createUser.isPending || setRoles.isPending

  const toggleRole = (role: Role, on: boolean) =>
    setDraft((d) => ({ ...d, roles: on ? [...d.roles, role] : d.roles.filter((r) => r !== role) }))

  return (
    <section className="card" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">{t('admin.create.title')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.email}>{t('admin.create.email')}</label>
          <input
            id={ids.email}
            type="email"
            autoComplete="off"
            required
            value={draft.email}
            onChange={(e) => setDraft((d) => ({ ...d, email: e.target.value }))}
            aria-invalid={errorFor('email') ? true : undefined}
            aria-describedby={errorFor('email') ? `${ids.email}-error` : undefined}
          />
          <FieldError id={`${ids.email}-error`} message={errorFor('email')} />
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('admin.create.name')}</label>
          <input
            id={ids.name}
            type="text"
            autoComplete="off"
            required
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            aria-invalid={errorFor('name') ? true : undefined}
            aria-describedby={errorFor('name') ? `${ids.name}-error` : undefined}
          />
          <FieldError id={`${ids.name}-error`} message={errorFor('name')} />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('admin.create.password')}</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={errorFor('password') ? true : undefined}
            aria-describedby={`${ids.passwordHelp}${errorFor('password') ? ` ${ids.password}-error` : ''}`}
          />
          <p className="field-help" id={ids.passwordHelp}>
            {t('admin.create.passwordHelp')}
          </p>
          <FieldError id={`${ids.password}-error`} message={errorFor('password')} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.party}>{t('admin.create.party')}</label>
            <select
              id={ids.party}
              value={draft.partyCode}
              onChange={(e) => setDraft((d) => ({ ...d, partyCode: e.target.value }))}
              aria-invalid={errorFor('partyCode') ? true : undefined}
              aria-describedby={errorFor('partyCode') ? `${ids.party}-error` : undefined}
            >
              {/* An admin creates people of their own party only; external auditors are admitted. */}
              {(current?.parties ?? [])
                .filter((p) => p.code === me.partyCode)
                .map((p) => (
                  <option key={p.code} value={p.code}>
                    {partyName(p, lang, p.code)}
                  </option>
                ))}
            </select>
            <FieldError id={`${ids.party}-error`} message={errorFor('partyCode')} />
          </div>
          <div className="field">
            <label htmlFor={ids.locale}>{t('admin.create.locale')}</label>
            <select
              id={ids.locale}
              value={draft.locale}
              onChange={(e) => setDraft((d) => ({ ...d, locale: e.target.value as Language }))}
            >
              {LANGUAGES.map((code) => (
                <option key={code} value={code} lang={code}>
                  {t(`lang.${code}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {current && adminHere ? (
          <fieldset className="fieldset">
            <legend>{t('admin.create.roles', { partnership: current.name })}</legend>
            <div className="checkbox-grid">
              {ROLES.map((role) => (
                <label key={role} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.roles.includes(role)}
                    onChange={(e) => toggleRole(role, e.target.checked)}
                  />
                  {t(`role.${role}`)}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="form-error-slot">
          {unplaced ? (
            <p className="form-error" role="alert">
              {errorMessage(error)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('admin.create.submit')}
        </button>
        <StatusMessage>{status}</StatusMessage>
      </form>
    </section>
  )
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  )
}
