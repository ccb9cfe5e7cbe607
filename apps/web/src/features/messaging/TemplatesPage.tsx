/**
 * 模板管理 / Templates (issue 5 item 6, codes.manage): SMS, e-mail and letter templates per locale;
 * editing makes a new version (history shown); unknown variables are refused by the server with the
 * variable named. Admins (settings.write) also set the SMS provider, SMTP server and agency profile here.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_CHANNELS, TEMPLATE_LOCALES, type MessageTemplate } from '@recova/contracts';
import { TEMPLATE_VARIABLES } from '@recova/domain/messaging/variables';
import { useCan } from '../../app/auth';
import { ApiErrorAlert, ErrorDetailsTable, errorDetails } from '../../shared/errors';
import { useSaveTemplate, useTemplates, useTemplateVersions } from './api';
import { MessagingSettingsCard } from './MessagingSettingsCard';

export default function TemplatesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const list = useTemplates(undefined, true);
  const [editing, setEditing] = useState<MessageTemplate | 'new' | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('messaging.templates')} extra={<Button type="primary" data-testid="template-new" onClick={() => setEditing('new')}>{t('messaging.newTemplate')}</Button>}>
        <Table<MessageTemplate> size="small" rowKey="id" data-testid="templates-table" loading={list.isLoading} dataSource={list.data ?? []} pagination={false}
          columns={[
            { title: t('messaging.code'), dataIndex: 'code' },
            { title: t('messaging.channelLabel'), dataIndex: 'channel', render: (v: string) => t(`messaging.channel.${v}`) },
            { title: t('messaging.locale'), dataIndex: 'locale' },
            { title: t('messaging.name'), dataIndex: 'name' },
            { title: t('messaging.version'), dataIndex: 'version' },
            { title: t('common.status'), dataIndex: 'active', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(v ? 'messaging.active' : 'messaging.inactive')}</Tag> },
            { title: t('common.actions'), key: 'a', render: (_: unknown, r) => <Button size="small" data-testid={`template-edit-${r.id}`} onClick={() => setEditing(r)}>{t('messaging.edit')}</Button> },
          ]} />
      </Card>
      {can('settings.write') && <MessagingSettingsCard />}
      {editing && <TemplateModal template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function TemplateModal({ template, onClose }: { template: MessageTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useSaveTemplate();
  const versions = useTemplateVersions(template?.id ?? null);
  const [form] = Form.useForm();
  const channel = Form.useWatch('channel', form) ?? template?.channel;
  const submit = (v: Record<string, unknown>) => {
    const body = template ? { version: template.version, name: v.name, subject: v.subject ?? null, body: v.body, active: v.active } : v;
    save.mutate({ id: template?.id, body }, { onSuccess: () => { void message.success(t('common.saved')); onClose(); } });
  };
  return (
    <Modal open width={760} title={template ? `${template.name} · v${template.version}` : t('messaging.newTemplate')} onCancel={onClose} onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'template-save' } as Record<string, string>) }}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={template ?? { channel: 'sms', locale: 'zh-CN', active: true }}>
        {!template && (
          <Space>
            <Form.Item name="code" label={t('messaging.code')} rules={[{ required: true }]}><Input data-testid="template-code" /></Form.Item>
            <Form.Item name="channel" label={t('messaging.channelLabel')}><Select style={{ width: 120 }} options={TEMPLATE_CHANNELS.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))} /></Form.Item>
            <Form.Item name="locale" label={t('messaging.locale')}><Select style={{ width: 120 }} options={TEMPLATE_LOCALES.map((c) => ({ value: c, label: c }))} /></Form.Item>
          </Space>
        )}
        <Form.Item name="name" label={t('messaging.name')} rules={[{ required: true }]}><Input data-testid="template-name" /></Form.Item>
        {channel !== 'sms' && <Form.Item name="subject" label={t('messaging.subject')}><Input data-testid="template-subject" /></Form.Item>}
        <Form.Item name="body" label={t('messaging.body')} rules={[{ required: true }]}><Input.TextArea rows={8} data-testid="template-body" /></Form.Item>
        {template && <Form.Item name="active" label={t('messaging.active')} valuePropName="checked"><Switch /></Form.Item>}
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('messaging.variables')}: {TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(' ')}
      </Typography.Paragraph>
      {save.error && (
        <div data-testid="template-error">
          <ApiErrorAlert error={save.error} />
          <ErrorDetailsTable details={errorDetails(save.error)} />
        </div>
      )}
      {template && (versions.data?.length ?? 0) > 1 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('messaging.history')}: {versions.data!.map((v) => `v${v.version} ${v.editedBy ?? ''} ${v.editedAt.slice(0, 10)}`).join(' · ')}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
