/** 退案: return the filtered cases (at batch expiry or on the client's request), then export the returned list. */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseFilter } from '@recova/contracts';
import { ApiErrorAlert } from '../../shared/errors';
import { ExportCasesButton } from '../exports/ExportCasesButton';
import { useReturnCases } from './api';

export function ReturnModal({ open, filter, onClose }: { open: boolean; filter: CaseFilter; onClose: () => void }) {
  const { t } = useTranslation();
  const ret = useReturnCases();
  const [reason, setReason] = useState<'batch_expiry' | 'client_request'>('batch_expiry');
  const [note, setNote] = useState('');
  const close = () => {
    ret.reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('allocation.returnTitle')}
      onCancel={close}
      okText={ret.data ? t('common.close') : t('allocation.returnConfirm')}
      okButtonProps={{ 'data-testid': 'return-confirm', danger: !ret.data }}
      confirmLoading={ret.isPending}
      onOk={() => (ret.data ? close() : ret.mutate({ selection: { filter }, reason, note: note.trim() || undefined }))}
      destroyOnHidden
    >
      <ApiErrorAlert error={ret.error} />
      {ret.data ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="success" data-testid="return-result" message={t('allocation.returnDone', { returned: ret.data.returned, skipped: ret.data.skipped })} />
          <ExportCasesButton filter={{ ...filter, status: 'returned' }} testId="return-export" label={t('allocation.exportReturned')} />
        </Space>
      ) : (
        <Form layout="vertical">
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('allocation.returnHint')} />
          <Form.Item label={t('allocation.returnReason')}>
            <Radio.Group data-testid="return-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
              <Radio value="batch_expiry">{t('allocation.reason.batch_expiry')}</Radio>
              <Radio value="client_request">{t('allocation.reason.client_request')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('allocation.note')}>
            <Input.TextArea data-testid="return-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
