/** Close / delete with confirmation; errors (e.g. BATCH_HAS_CASES) shown in a modal. */
import { App as AntApp } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BatchItem } from '@recova/contracts';
import { useCloseBatch, useDeleteBatch } from './api';
import { errorMessage, ErrorDetailsTable, errorDetails } from '../../shared/errors';

export function useBatchActions() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const del = useDeleteBatch();
  const close = useCloseBatch();

  const showError = (e: unknown) =>
    modal.error({
      title: t('common.actionFailed'),
      content: (
        <div>
          <div data-testid="action-error">{errorMessage(t, e)}</div>
          <ErrorDetailsTable details={errorDetails(e)} />
        </div>
      ),
    });

  const confirmDelete = (b: BatchItem, onDone?: () => void) =>
    modal.confirm({
      title: t('batches.deleteConfirm', { batchNo: b.batchNo }),
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () =>
        del.mutateAsync(b.id).then(
          () => {
            void message.success(t('batches.deleted'));
            onDone?.();
          },
          (e: unknown) => {
            showError(e);
          },
        ),
    });

  const confirmClose = (b: BatchItem) =>
    modal.confirm({
      title: t('batches.closeConfirm', { batchNo: b.batchNo }),
      content: t('batches.closeHint'),
      okText: t('batches.close'),
      okButtonProps: { 'data-testid': 'confirm-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () =>
        close.mutateAsync(b.id).then(
          () => void message.success(t('batches.closed')),
          (e: unknown) => {
            showError(e);
          },
        ),
    });

  return { confirmDelete, confirmClose };
}
