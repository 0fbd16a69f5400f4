/**
 * Addresses that take the codes people use: /proposals/P-12, /decisions/D-7, /workstreams/WS-BAT.
 * An id (UUID) goes to the page as it is; a code is resolved by the server (`code.resolve`) in the
 * current partnership, then the page gets the id. A code of another kind goes to its own page.
 */
import { useQuery } from '@tanstack/react-query'
import { type ComponentType, useEffect } from 'react'
import { isId } from '../../../../shared/codes'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link, navigate } from '../../router'
import { isApiError, useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { EmptyState, ErrorState, PageSkeleton } from '../../ui/states'
import { type AddressKind, pathOf } from './paths'

/** The page at `param`, reached by a code or by an id. */
export function byCode<Param extends string>(
  kind: AddressKind,
  param: Param,
  // biome-ignore lint/suspicious/noExplicitAny: each page declares its own route parameters
  PageOf: ComponentType<any>,
) {
  function Addressed(props: Record<Param, string>) {
    const ref = props[param]
    if (isId(ref)) return <PageOf {...props} />
    return <Resolving kind={kind} param={param} ref_={ref} props={props} PageOf={PageOf} />
  }
  return Addressed
}

function Resolving({
  kind,
  param,
  ref_,
  props,
  PageOf,
}: {
  kind: AddressKind
  param: string
  ref_: string
  props: Record<string, string>
  // biome-ignore lint/suspicious/noExplicitAny: each page declares its own route parameters
  PageOf: ComponentType<any>
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const { current, isPending } = usePartnership()
  const resolved = useQuery(
    trpc.code.resolve.queryOptions(
      { partnershipId: current?.id ?? '', code: ref_ },
      { enabled: Boolean(current), retry: false, staleTime: 60_000 },
    ),
  )
  const found = resolved.data
  const elsewhere = found && found.kind !== kind ? pathOf(found.kind, found.code) : null
  useEffect(() => {
    if (elsewhere) navigate(elsewhere, { replace: true })
  }, [elsewhere])

  if (isPending || (current && resolved.isPending) || elsewhere) return <PageSkeleton />
  if (found) return <PageOf {...props} {...{ [param]: found.id }} />
  const notFound =
    !current || (isApiError(resolved.error) && resolved.error.data?.code === 'NOT_FOUND')
  return (
    <Page title={t('address.notFoundTitle')}>
      {notFound ? (
        <EmptyState>
          {t('address.notFound', { code: ref_ })}{' '}
          <Link to={`/search?q=${encodeURIComponent(ref_)}`}>
            {t('address.search', { code: ref_ })}
          </Link>
        </EmptyState>
      ) : (
        <ErrorState error={resolved.error} onRetry={() => void resolved.refetch()} />
      )}
    </Page>
  )
}
