import { useEffect } from 'react';
import { App as AntApp, Form, Input, Modal, Select } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@recova/contracts';
import { useCreateUser, useTeams, type CreateUserInput } from './api';
import { useClients } from '../clients/api';
import { ApiErrorAlert } from '../../shared/errors';

export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateUserInput>();
  const role = Form.useWatch('role', form);
  const create = useCreateUser();
  const teams = useTeams();
  const clients = useClients(open);
  const { message } = AntApp.useApp();

  useEffect(() => {
    if (open) {
      form.resetFields();
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        role: v.role,
        password: v.password,
        clientId: v.role === 'client_viewer' ? v.clientId : null,
        teamId: v.teamId ?? null,
      },
      {
        onSuccess: () => {
          void message.success(t('users.created'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'user-form-submit' } as ButtonProps}
      forceRender
    >
      <ApiErrorAlert error={create.error} />
      <Form<CreateUserInput> form={form} layout="vertical" initialValues={{ role: 'collector' }}>
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: t('users.usernameInvalid') },
          ]}
        >
          <Input data-testid="user-form-username" autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input data-testid="user-form-displayName" maxLength={64} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select data-testid="user-form-role" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`), 'data-testid': `role-option-${r}` }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          rules={[
            { required: true, message: t('validation.required') },
            { min: 8, message: t('users.passwordMin') },
          ]}
        >
          <Input.Password data-testid="user-form-password" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        {role === 'client_viewer' && (
          <Form.Item name="clientId" label={t('users.client')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              data-testid="user-form-client"
              showSearch={{ optionFilterProp: 'label' }}
              options={(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="teamId" label={t('users.team')}>
          <Select data-testid="user-form-team" allowClear options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
