/**
 * Settings page card (issue 6): the agency's aging buckets (inclusive DPD ranges; an empty bound is
 * unbounded) and grace days. The server checks the bucket set with the domain and refuses overlapping,
 * gapped or malformed sets (AGING_BUCKETS_INVALID, one reason per problem, shown by ApiErrorAlert).
 */
import { useEffect } from 'react';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Settings } from '@recova/contracts';
import { ApiErrorAlert } from '../../shared/errors';
import { useSettings, useUpdateSettings } from '../settings/api';

type Values = Pick<Settings, 'agingBuckets' | 'agingGraceDays'>;

export default function AgingSettingsCard() {
  const { t } = useTranslation();
  const settings = useSettings();
  const update = useUpdateSettings();
  const [form] = Form.useForm<Values>();
  const { message } = AntApp.useApp();
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ agingBuckets: settings.data.agingBuckets, agingGraceDays: settings.data.agingGraceDays });
  }, [settings.data, form]);
  const save = (v: Values) =>
    update.mutate(
      { agingGraceDays: v.agingGraceDays, agingBuckets: v.agingBuckets.map((b) => ({ name: b.name, min: b.min ?? null, max: b.max ?? null })) },
      { onSuccess: () => void message.success(t('security.settingsSaved')) },
    );
  return (
    <Card title={t('aging.settingsTitle')} loading={settings.isPending} style={{ maxWidth: 720, marginTop: 16 }} data-testid="aging-settings">
      <ApiErrorAlert error={update.error} />
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="agingGraceDays" label={t('aging.graceDaysLabel')} extra={t('aging.graceDaysHelp')} rules={[{ required: true, message: t('validation.required') }]}>
          <InputNumber data-testid="aging-grace" min={0} max={365} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <div style={{ marginBottom: 8 }}>{t('aging.bucketsLabel')}</div>
        <Form.List name="agingBuckets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" data-testid={`aging-bucket-${i}`}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('validation.required') }]}>
                    <Input placeholder={t('aging.bucketName')} style={{ width: 120 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'min']}>
                    <InputNumber placeholder={`${t('aging.min')} (${t('aging.unbounded')})`} precision={0} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'max']}>
                    <InputNumber placeholder={`${t('aging.max')} (${t('aging.unbounded')})`} precision={0} style={{ width: 140 }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)} disabled={fields.length <= 1}>{t('aging.removeBucket')}</Button>
                </Space>
              ))}
              <Form.Item>
                <Button onClick={() => add({ name: '', min: null, max: null })} data-testid="aging-add-bucket">{t('aging.addBucket')}</Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Button data-testid="aging-save" type="primary" htmlType="submit" loading={update.isPending}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
