import { useEffect, useState } from 'react';
import { DatePicker, Form, Input, Modal, Select, App as AntApp } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { BatchItem } from '@recova/contracts';
import { useSaveBatch } from './api';
import { useClients } from '../clients/api';
import { ApiErrorAlert } from '../../shared/errors';
import { bpToPercent } from '../../shared/money';

interface FormValues {
  clientId?: number;
  batchNo: string;
  placementDate: Dayjs;
  expectedReturnDate: Dayjs;
  region?: string;
  productType?: string;
  commissionRate?: string;
  remarks?: string;
}

const empty = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Create (no `batch`) or edit a batch. */
export function BatchFormModal({
  open,
  batch,
  defaultClientId,
  onClose,
  onSaved,
}: {
  open: boolean;
  batch?: BatchItem | null;
  defaultClientId?: number;
  onClose: () => void;
  onSaved?: (b: BatchItem) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveBatch();
  const clients = useClients(open);
  const [error, setError] = useState<unknown>(null);
  const { message } = AntApp.useApp();
  const editing = !!batch;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (batch) {
      form.setFieldsValue({
        clientId: batch.clientId,
        batchNo: batch.batchNo,
        placementDate: dayjs(batch.placementDate),
        expectedReturnDate: dayjs(batch.expectedReturnDate),
        region: batch.region ?? undefined,
        productType: batch.productType ?? undefined,
        commissionRate: batch.commissionRateBp === null ? undefined : bpToPercent(batch.commissionRateBp),
        remarks: batch.remarks ?? undefined,
      });
    } else if (defaultClientId) {
      form.setFieldsValue({ clientId: defaultClientId });
    }
  }, [open, batch, defaultClientId, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    const body = {
      clientId: v.clientId,
      batchNo: v.batchNo.trim(),
      placementDate: v.placementDate.format('YYYY-MM-DD'),
      expectedReturnDate: v.expectedReturnDate.format('YYYY-MM-DD'),
      region: empty(v.region),
      productType: empty(v.productType),
      commissionRate: empty(v.commissionRate),
      remarks: empty(v.remarks),
    };
    save.mutate(
      { id: batch?.id, body },
      {
        onSuccess: (b) => {
          void message.success(t(editing ? 'common.saved' : 'batches.created'));
          onClose();
          onSaved?.(b);
        },
        onError: setError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t(editing ? 'batches.edit' : 'batches.create')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'batch-form-submit' } as ButtonProps}
      forceRender
      width={640}
    >
      <ApiErrorAlert error={error} />
      <Form<FormValues> form={form} layout="vertical">
        <Form.Item name="clientId" label={t('batches.client')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select
            data-testid="batch-form-client"
            disabled={editing}
            showSearch={{ optionFilterProp: 'label' }}
            loading={clients.isPending}
            options={(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))}
          />
        </Form.Item>
        <Form.Item name="batchNo" label={t('batches.batchNo')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input data-testid="batch-form-batchNo" maxLength={64} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item
            style={{ flex: 1 }}
            name="placementDate"
            label={t('batches.placementDate')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <DatePicker data-testid="batch-form-placementDate" style={{ width: '100%' }} format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item
            style={{ flex: 1 }}
            name="expectedReturnDate"
            label={t('batches.expectedReturnDate')}
            dependencies={['placementDate']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | undefined) => {
                  const p = getFieldValue('placementDate') as Dayjs | undefined;
                  if (!value || !p || !value.isBefore(p, 'day')) return Promise.resolve();
                  return Promise.reject(new Error(t('batches.returnBeforePlacement')));
                },
              }),
            ]}
          >
            <DatePicker data-testid="batch-form-expectedReturnDate" style={{ width: '100%' }} format="YYYY-MM-DD" />
          </Form.Item>
        </div>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item style={{ flex: 1 }} name="region" label={t('batches.region')}>
            <Input data-testid="batch-form-region" maxLength={64} />
          </Form.Item>
          <Form.Item style={{ flex: 1 }} name="productType" label={t('batches.productType')}>
            <Input data-testid="batch-form-productType" maxLength={64} />
          </Form.Item>
          <Form.Item
            style={{ flex: 1 }}
            name="commissionRate"
            label={t('batches.commissionRate')}
            rules={[{ pattern: /^\d{1,3}(\.\d{1,2})?$/, message: t('batches.commissionInvalid') }]}
          >
            <Input data-testid="batch-form-commissionRate" suffix="%" maxLength={6} />
          </Form.Item>
        </div>
        <Form.Item name="remarks" label={t('common.remarks')}>
          <Input.TextArea data-testid="batch-form-remarks" rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
