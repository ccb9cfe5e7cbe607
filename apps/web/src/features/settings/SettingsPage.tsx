/** Admin settings (settings.write): password policy, lockout, session timeouts, two-factor, watermark, export approval. */
import { useEffect } from 'react';
import { App as AntApp, Button, Card, Form, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Settings } from '@recova/contracts';
import { ApiErrorAlert } from '../../shared/errors';
import { useSettings, useUpdateSettings } from './api';
import AgingSettingsCard from '../aging/AgingSettingsCard';

/** Every SettingsSchema field, in display order: numbers with their bounds, and switches. */
const FIELDS: { key: keyof Settings; kind: 'number' | 'switch'; min?: number; max?: number }[] = [
  { key: 'passwordMinLength', kind: 'number', min: 8, max: 128 },
  { key: 'passwordMinClasses', kind: 'number', min: 1, max: 4 },
  { key: 'lockoutThreshold', kind: 'number', min: 3, max: 50 },
  { key: 'lockoutMinutes', kind: 'number', min: 1, max: 1440 },
  { key: 'sessionIdleMinutes', kind: 'number', min: 5, max: 1440 },
  { key: 'sessionAbsoluteHours', kind: 'number', min: 1, max: 720 },
  { key: 'totpRequiredForPrivileged', kind: 'switch' },
  { key: 'screenWatermark', kind: 'switch' },
  { key: 'exportApprovalThreshold', kind: 'number', min: 0, max: 10_000_000 },
  { key: 'searchGuessBudget', kind: 'number', min: 1, max: 10_000 },
];

export default function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const update = useUpdateSettings();
  const [form] = Form.useForm<Settings>();
  const { message } = AntApp.useApp();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  return (
    <>
    <Card title={t('security.settingsTitle')} loading={settings.isPending} style={{ maxWidth: 720 }}>
      <ApiErrorAlert error={settings.error ?? update.error} />
      <Form<Settings> form={form} layout="horizontal" labelCol={{ span: 12 }} wrapperCol={{ span: 12 }} onFinish={(v) => update.mutate(v, { onSuccess: () => void message.success(t('security.settingsSaved')) })}>
        {FIELDS.map((f) => (
          <Form.Item
            key={f.key}
            name={f.key}
            label={t(`security.settings.${f.key}`)}
            valuePropName={f.kind === 'switch' ? 'checked' : 'value'}
            rules={f.kind === 'number' ? [{ required: true, message: t('validation.required') }] : []}
          >
            {f.kind === 'switch' ? <Switch data-testid={`settings-${f.key}`} /> : <InputNumber data-testid={`settings-${f.key}`} min={f.min} max={f.max} precision={0} style={{ width: 160 }} />}
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 12 }}>
          <Button data-testid="settings-save" type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
    <AgingSettingsCard />
    </>
  );
}
