import { useI18n } from '../i18n'

/** The button under a paged list: fetches the next page while there is one. */
export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }
}) {
  const { t } = useI18n()
  if (!query.hasNextPage) return null
  return (
    <button
      type="button"
      className="button"
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
    >
      {query.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
    </button>
  )
}
