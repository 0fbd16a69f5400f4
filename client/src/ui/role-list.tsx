import type { Role } from '../../../shared/roles'
import { useI18n } from '../i18n'

export function RoleTags({ roles, empty }: { roles: readonly string[]; empty?: string }) {
  const { t } = useI18n()
  if (roles.length === 0) return empty ? <span className="muted">{empty}</span> : null
  return (
    <ul className="tag-list">
      {roles.map((role) => (
        <li key={role} className="tag">
          {t(`role.${role as Role}`)}
        </li>
      ))}
    </ul>
  )
}
