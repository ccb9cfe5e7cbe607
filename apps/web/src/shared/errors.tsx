/** Showing API errors: `t('errors.' + code, { defaultValue: message })` plus a list of details. */
import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '@recova/contracts';
import { ApiError } from './api';

export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) return t(`errors.${err.code}`, { defaultValue: err.message });
  if (err instanceof Error) return err.message;
  return String(err);
}

export function errorDetails(err: unknown): ErrorDetail[] {
  return err instanceof ApiError ? err.details : [];
}

/** Details of an error (row / column / value / reason) as a compact list; plain text only. */
export function ErrorDetailsTable({ details }: { details: ErrorDetail[] }) {
  const { t } = useTranslation();
  if (details.length === 0) return null;
  const shown = details.slice(0, 50);
  return (
    <ul data-testid="error-details" style={{ margin: '4px 0 0', paddingLeft: 20, maxHeight: 240, overflow: 'auto' }}>
      {shown.map((d, i) => {
        const where = [
          d.row !== undefined ? `${t('errorDetails.row')} ${d.row}` : null,
          d.column ?? d.field ? `${t('errorDetails.column')} ${d.column ?? d.field}` : null,
          d.value !== undefined && d.value !== '' ? `${t('errorDetails.value')} “${d.value}”` : null,
        ].filter(Boolean);
        return (
          <li key={i} data-testid="error-detail">
            {where.length ? `${where.join(' · ')}: ` : ''}
            {d.reason}
          </li>
        );
      })}
      {details.length > shown.length && <li>… {details.length - shown.length}</li>}
    </ul>
  );
}

/** Inline error block for forms and pages. Renders nothing when `error` is falsy. */
export function ApiErrorAlert({ error, testId = 'error-alert' }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const details = errorDetails(error);
  return (
    <Alert
      data-testid={testId}
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={errorMessage(t, error)}
      description={details.length ? <ErrorDetailsTable details={details} /> : undefined}
    />
  );
}
