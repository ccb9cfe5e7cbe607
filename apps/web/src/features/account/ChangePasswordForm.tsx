/** Change own password: current, new, repeat. Policy errors list each unmet rule. */
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { ApiErrorAlert } from '../../shared/errors';
import { useChangePassword } from './api';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The unmet password-policy rules of a PASSWORD_POLICY error, as translated sentences. */
export function PolicyErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'PASSWORD_POLICY') return <ApiErrorAlert error={error} />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="password-policy-error"
      style={{ marginBottom: 16 }}
      title={t('errors.PASSWORD_POLICY')}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {error.details.map((d, i) => (
            <li key={i}>{t(`security.policy.${d.reason}`, { n: d.value, defaultValue: d.reason })}</li>
          ))}
        </ul>
      }
    />
  );
}

export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  return (
    <>
      <PolicyErrors error={change.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword }, { onSuccess: () => { form.resetFields(); onDone?.(); } })}
      >
        <Form.Item name="currentPassword" label={t('security.currentPassword')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password data-testid="pwd-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('security.newPassword')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password data-testid="pwd-new" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('security.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('security.passwordsDiffer')))) }),
          ]}
        >
          <Input.Password data-testid="pwd-confirm" autoComplete="new-password" />
        </Form.Item>
        <Button data-testid="pwd-submit" type="primary" htmlType="submit" loading={change.isPending}>
          {t('security.changePassword')}
        </Button>
      </Form>
    </>
  );
}
