/**
 * The case list's error block: SEARCH_GUESS_LIMIT (429, ADR 0012 — too many searches by a full number
 * or whole name found no case in 24 hours) gets its own warning with the time searches work again
 * (details `retryAt`); every other error shows as usual.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { ApiErrorAlert } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';

export function SearchGuardAlert({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'SEARCH_GUESS_LIMIT') return <ApiErrorAlert error={error} />;
  const retryAt = error.details.find((d) => d.field === 'retryAt')?.value;
  return (
    <Alert
      data-testid="search-guard-alert"
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('searchGuard.title')}
      description={
        <>
          <div>{t('errors.SEARCH_GUESS_LIMIT')}</div>
          {retryAt && <div data-testid="search-guard-retry">{t('searchGuard.retryAt', { time: formatDateTime(retryAt, i18n.language) })}</div>}
        </>
      }
    />
  );
}
