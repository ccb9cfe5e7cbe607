import { useState } from 'react';
import { Form, Input, Modal, Select, App as AntApp } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateClient, type CreateClientInput } from './api';
import { ApiErrorAlert } from '../../shared/errors';
import { CURRENCIES, TIMEZONES } from '../../shared/constants';

export function CreateClientModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateClientInput>();
  const create = useCreateClient();
  const [error, setError] = useState<unknown>(null);
  const { message } = AntApp.useApp();

  const submit = async () => {
    const values = await form.validateFields();
    setError(null);
    create.mutate(
      { ...values, code: values.code.trim(), name: values.name.trim(), remarks: values.remarks?.trim() || null },
      {
        onSuccess: () => {
          void message.success(t('clients.created'));
          form.resetFields();
          onClose();
        },
        onError: setError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('clients.create')}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'client-form-submit' } as ButtonProps}
      forceRender
    >
      <ApiErrorAlert error={error} />
      <Form<CreateClientInput> form={form} layout="vertical" initialValues={{ currency: 'CNY', timezone: 'Asia/Shanghai' }}>
        <Form.Item
          name="code"
          label={t('clients.code')}
          extra={t('clients.codeHint')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^[A-Za-z0-9_-]{2,32}$/, message: t('clients.codeInvalid') },
          ]}
        >
          <Input data-testid="client-form-code" maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('clients.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input data-testid="client-form-name" maxLength={128} />
        </Form.Item>
        <Form.Item name="currency" label={t('clients.currency')}>
          <Select data-testid="client-form-currency" showSearch options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="timezone" label={t('clients.timezone')}>
          <Select data-testid="client-form-timezone" showSearch options={TIMEZONES.map((z) => ({ value: z, label: z }))} />
        </Form.Item>
        <Form.Item name="remarks" label={t('common.remarks')}>
          <Input.TextArea data-testid="client-form-remarks" rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
