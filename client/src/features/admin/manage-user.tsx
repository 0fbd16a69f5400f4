import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { ROLES, type Role } from '../../../../shared/roles'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { useTRPC } from '../../trpc'
import { useLocalText } from '../../ui/local-text'
import { Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import type { AdminUser } from './user-list'

type WsRole = 'none' | 'member' | 'lead'

/** Roles in the current partnership and places on its workstreams, for one account. */
export function ManageUser({ user, onSaved }: { user: AdminUser; onSaved: () => Promise<void> }) {
  const { t } = useI18n()
  const { current } = usePartnership()
  const adminHere = Boolean(current?.myRoles.includes('admin'))
  if (!current) return null
  return (
    <div className="manage-panel">
      {adminHere ? (
        <>
          <RolesForm user={user} partnershipId={current.id} name={current.name} onSaved={onSaved} />
          <WorkstreamPlaces user={user} partnershipId={current.id} />
        </>
      ) : (
        <p className="muted">{t('admin.manage.notAdminHere')}</p>
      )}
    </div>
  )
}

function RolesForm({
  user,
  partnershipId,
  name,
  onSaved,
}: {
  user: AdminUser
  partnershipId: string
  name: string
  onSaved: () => Promise<void>
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const [roles, setRoles] = useState<Role[]>((user.roles[partnershipId] ?? []) as Role[])
  const [status, setStatus] = useState('')
  const save = useMutation(trpc.admin.setRoles.mutationOptions())

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setStatus('')
    try {
      const result = await save.mutateAsync({ userId: user.id, partnershipId, roles })
      const saved = t('admin.manage.rolesSaved', { name: user.name })
      setStatus(
        result.pending.length > 0
          ? `${saved} ${t('admin.roles.pending', { roles: result.pending.map((r) => t(`role.${r}`)).join(', ') })}`
          : saved,
      )
      await queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() })
      // Losing the lead role also ends leading workstreams.
      await queryClient.invalidateQueries({ queryKey: trpc.workstream.pathKey() })
      await onSaved()
    } catch {
      // shown below from save.error
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <fieldset className="fieldset">
        <legend>{t('admin.manage.roles', { partnership: name })}</legend>
        <div className="checkbox-grid">
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) =>
                  setRoles((rs) =>
                    e.target.checked ? [...rs, role] : rs.filter((r) => r !== role),
                  )
                }
              />
              {t(`role.${role}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {save.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('admin.manage.saveRoles')}
        </button>
        <StatusMessage>{status}</StatusMessage>
      </div>
    </form>
  )
}

function WorkstreamPlaces({ user, partnershipId }: { user: AdminUser; partnershipId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const workstreams = useQuery(trpc.workstream.list.queryOptions({ partnershipId }))
  return (
    <div className="ws-places">
      <h3 className="label">{t('admin.manage.workstreams')}</h3>
      {!workstreams.data ? (
        <Skeleton lines={3} />
      ) : (
        <ul className="ws-place-list">
          {workstreams.data.map((ws) => {
            const role: WsRole = ws.leads.some((p) => p.id === user.id)
              ? 'lead'
              : ws.members.some((p) => p.id === user.id)
                ? 'member'
                : 'none'
            return (
              <li key={ws.id}>
                <WorkstreamPlace user={user} workstream={ws} initial={role} />
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

function WorkstreamPlace({
  user,
  workstream,
  initial,
}: {
  user: AdminUser
  workstream: { id: string; code: string; name: string; nameJa: string | null }
  initial: WsRole
}) {
  const { t } = useI18n()
  const local = useLocalText()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const selectId = useId()
  const [role, setRole] = useState<WsRole>(initial)
  const [status, setStatus] = useState('')
  const save = useMutation(trpc.admin.setWorkstreamPerson.mutationOptions())
  const label = `${workstream.code} ${local(workstream.name, workstream.nameJa)}`

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setStatus('')
    try {
      await save.mutateAsync({
        workstreamId: workstream.id,
        userId: user.id,
        role: role === 'none' ? null : role,
      })
      setStatus(t('admin.manage.wsSaved', { name: user.name, workstream: workstream.name }))
      await queryClient.invalidateQueries({ queryKey: trpc.workstream.pathKey() })
    } catch {
      // shown below from save.error
    }
  }

  return (
    <form className="ws-place" onSubmit={submit}>
      <label htmlFor={selectId}>{t('admin.manage.wsRole', { workstream: label })}</label>
      <div className="inline-controls">
        <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as WsRole)}>
          <option value="none">{t('admin.manage.ws.none')}</option>
          <option value="member">{t('admin.manage.ws.member')}</option>
          <option value="lead">{t('admin.manage.ws.lead')}</option>
        </select>
        <button
          type="submit"
          className="button"
          disabled={save.isPending || role === initial}
          aria-label={t('admin.manage.wsSaveLabel', { workstream: label })}
        >
          {t('admin.manage.wsSave')}
        </button>
      </div>
      {save.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
    </form>
  )
}
