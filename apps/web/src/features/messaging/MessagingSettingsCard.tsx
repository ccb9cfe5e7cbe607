/** Admin card: SMS provider (Twilio API), SMTP server and agency profile. Secrets are write-only. */
import { App as AntApp, Button, Card, Col, Form, Input, InputNumber, Row, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMessagingSettings, useSaveMessagingSettings } from './api';
import { ApiErrorAlert } from '../../shared/errors';

export function MessagingSettingsCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const q = useMessagingSettings(true);
  const save = useSaveMessagingSettings();
  const ok = () => void message.success(t('common.saved'));
  if (!q.data) return null;
  const d = q.data;
  return (
    <Card title={t('messaging.settings')} data-testid="messaging-settings">
      <Row gutter={24}>
        <Col span={8}>
          <Typography.Title level={5}>{t('messaging.sms')}</Typography.Title>
          <Form layout="vertical" initialValues={d.sms ?? { baseUrl: 'https://api.twilio.com' }} onFinish={(v) => save.mutate({ part: 'sms', body: { ...v, kind: 'twilio', authToken: v.authToken || undefined } }, { onSuccess: ok })}>
            <Form.Item name="baseUrl" label="API URL" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="accountSid" label="Account SID" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="authToken" label={`Auth token${d.sms?.hasSecret ? ` (${t('messaging.secretKept')})` : ''}`}><Input.Password autoComplete="new-password" /></Form.Item>
            <Form.Item name="from" label={t('messaging.from')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="statusCallbackUrl" label={t('messaging.callbackUrl')}><Input placeholder="https://…/api/messaging/sms/receipts" /></Form.Item>
            <Button htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Form>
        </Col>
        <Col span={8}>
          <Typography.Title level={5}>{t('messaging.smtp')}</Typography.Title>
          <Form layout="vertical" initialValues={d.email ?? { port: 587, secure: false }} onFinish={(v) => save.mutate({ part: 'email', body: { ...v, kind: 'smtp', password: v.password || undefined } }, { onSuccess: ok })}>
            <Form.Item name="host" label="Host" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="port" label="Port" rules={[{ required: true }]}><InputNumber min={1} max={65535} /></Form.Item>
            <Form.Item name="secure" label="TLS (465)" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="from" label={t('messaging.from')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="user" label={t('messaging.user')}><Input /></Form.Item>
            <Form.Item name="password" label={`${t('messaging.password')}${d.email?.hasSecret ? ` (${t('messaging.secretKept')})` : ''}`}><Input.Password autoComplete="new-password" /></Form.Item>
            <Button htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Form>
        </Col>
        <Col span={8}>
          <Typography.Title level={5}>{t('messaging.profile')}</Typography.Title>
          <Form layout="vertical" initialValues={d.profile} onFinish={(v) => save.mutate({ part: 'profile', body: { ...v, letterFontPath: v.letterFontPath || null } }, { onSuccess: ok })}>
            <Form.Item name="agencyName" label={t('messaging.agencyName')}><Input /></Form.Item>
            <Form.Item name="callbackPhone" label={t('messaging.callbackPhone')}><Input /></Form.Item>
            <Form.Item name="dueInDays" label={t('messaging.dueInDays')}><InputNumber min={0} max={90} /></Form.Item>
            <Form.Item name="letterFontPath" label={t('messaging.fontPath')}><Input placeholder="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc" /></Form.Item>
            <Button htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Form>
        </Col>
      </Row>
      {save.error && <ApiErrorAlert error={save.error} />}
    </Card>
  );
}
