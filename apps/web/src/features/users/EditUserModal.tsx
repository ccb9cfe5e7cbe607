/** Edit a user's access: role, team, department, data scope, client(s), active (users.write). */
import { useEffect } from 'react';
import { App as AntApp, Form, Input, Modal, Select, Switch } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { CLIENT_VIEWER_SCOPES, DATA_SCOPES, DEFAULT_DATA_SCOPE, ROLES, type Role, type UserAccessItem } from '@recova/contracts';
import { useTeams } from './api';
import { useClients } from '../clients/api';
import { useDepartments, useUpdateUserAccess, type UserAccessInput } from '../access/api';
import { ApiErrorAlert } from '../../shared/errors';

type FormValues = Required<Pick<UserAccessInput, 'displayName' | 'role' | 'active'>> & { teamId?: number; departmentId?: number; dataScope: string; clientId?: number; clientIds: number[] };
const DEFAULT = 'default';

export function EditUserModal({ user, onClose }: { user: UserAccessItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const role = (Form.useWatch('role', form) ?? user?.role) as Role | undefined;
  const scope = Form.useWatch('dataScope', form);
  const update = useUpdateUserAccess();
  const teams = useTeams();
  const deps = useDepartments(!!user);
  const clients = useClients(!!user);
  const { message } = AntApp.useApp();

  useEffect(() => {
    if (!user) return;
    update.reset();
    form.setFieldsValue({
      displayName: user.displayName, role: user.role, active: user.active, teamId: user.teamId ?? undefined, departmentId: user.departmentId ?? undefined,
      dataScope: user.dataScope ?? DEFAULT, clientId: user.clientId ?? undefined, clientIds: user.clientIds,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  const scopes = role === 'client_viewer' ? CLIENT_VIEWER_SCOPES : DATA_SCOPES.filter((s) => s !== 'client');
  const effective = scope && scope !== DEFAULT ? scope : role ? DEFAULT_DATA_SCOPE[role] : undefined;

  const submit = async () => {
    const v = await form.validateFields();
    update.mutate(
      {
        id: user!.id,
        body: {
          displayName: v.displayName.trim(), role: v.role, active: v.active, teamId: v.teamId ?? null, departmentId: v.departmentId ?? null,
          dataScope: v.dataScope === DEFAULT ? null : (v.dataScope as UserAccessInput['dataScope']),
          clientId: v.role === 'client_viewer' ? (v.clientId ?? null) : null, clientIds: v.clientIds ?? [],
        },
      },
      { onSuccess: () => { void message.success(t('common.saved')); onClose(); } },
    );
  };
  const clientOptions = (clients.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }));

  return (
    <Modal
      open={!!user}
      title={t('access.user.edit', { name: user?.username ?? '' })}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      okButtonProps={{ loading: update.isPending, 'data-testid': 'user-edit-submit' } as ButtonProps}
      forceRender
    >
      <ApiErrorAlert error={update.error} />
      <Form<FormValues> form={form} layout="vertical">
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, max: 64 }]}>
          <Input data-testid="user-edit-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select data-testid="user-edit-role" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} onChange={() => form.setFieldValue('dataScope', DEFAULT)} />
        </Form.Item>
        <Form.Item name="teamId" label={t('users.team')}>
          <Select data-testid="user-edit-team" allowClear options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('access.departments.department')} extra={t('access.user.departmentHint')}>
          <Select data-testid="user-edit-department" allowClear options={(deps.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        {role === 'client_viewer' && (
          <Form.Item name="clientId" label={t('users.client')} rules={[{ required: true }]}>
            <Select data-testid="user-edit-client" showSearch optionFilterProp="label" options={clientOptions} />
          </Form.Item>
        )}
        <Form.Item name="dataScope" label={t('access.scope.label')} extra={effective ? t('access.scope.effective', { scope: t(`access.scope.${effective}`) }) : undefined}>
          <Select
            data-testid="user-edit-scope"
            options={[{ value: DEFAULT, label: t('access.scope.default', { scope: role ? t(`access.scope.${DEFAULT_DATA_SCOPE[role]}`) : '' }) }, ...scopes.map((s) => ({ value: s, label: t(`access.scope.${s}`) }))]}
          />
        </Form.Item>
        {effective === 'clients' && (
          <Form.Item name="clientIds" label={t('access.user.clients')}>
            <Select data-testid="user-edit-clients" mode="multiple" showSearch optionFilterProp="label" options={clientOptions} />
          </Form.Item>
        )}
        <Form.Item name="active" label={t('users.active')} valuePropName="checked">
          <Switch data-testid="user-edit-active" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
