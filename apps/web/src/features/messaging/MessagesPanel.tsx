/**
 * Workbench panel 短信/邮件 (issue 5 item 6): choose a template, preview it for this case (masked
 * without cases.reveal) with the compliance answer, send it by SMS to a case phone or by e-mail, and
 * see the history with delivery status. One idempotency key per preview: a double click sends once.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MessageItem, PreviewResult } from '@recova/contracts';
import type { WorkbenchPanelProps } from '../cases/workbench-panels';
import { useCase } from '../cases/api';
import { useCan } from '../../app/auth';
import { ApiErrorAlert, errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { newSourceRef, useCaseMessages, usePreview, useSendMessage, useTemplates } from './api';

const STATUS_COLOR: Record<string, string> = { sent: 'blue', delivered: 'green', failed: 'red', blocked: 'volcano', queued: 'default' };

export function MessagesPanel({ caseId }: WorkbenchPanelProps) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { message } = AntApp.useApp();
  const detail = useCase(caseId);
  const templates = useTemplates();
  const history = useCaseMessages(caseId);
  const preview = usePreview(caseId);
  const send = useSendMessage(caseId);
  const [templateId, setTemplateId] = useState<number>();
  const [phoneId, setPhoneId] = useState<number>();
  const [to, setTo] = useState('');
  const [ref, setRef] = useState(newSourceRef);
  const [shown, setShown] = useState<PreviewResult | null>(null);
  const tpl = templates.data?.find((x) => x.id === templateId);
  const choices = (templates.data ?? []).filter((x) => x.channel !== 'letter');

  const doPreview = () => {
    if (!templateId) return;
    setRef(newSourceRef());
    preview.mutate({ templateId, phoneId }, { onSuccess: setShown });
  };
  const doSend = () => {
    if (!templateId) return;
    send.mutate(
      { templateId, sourceRef: ref, ...(tpl?.channel === 'sms' ? { phoneId } : { to }) },
      { onSuccess: () => void message.success(t('messaging.sent')), onError: (e) => void message.error(errorMessage(t, e)) },
    );
  };
  const blocked = shown?.check.decision === 'block';

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="messages-panel">
      <Card size="small" title={t('messaging.compose')}>
        <Space wrap>
          <Select data-testid="message-template" style={{ minWidth: 260 }} placeholder={t('messaging.template')} value={templateId}
            onChange={(v) => { setTemplateId(v); setShown(null); }}
            options={choices.map((x) => ({ value: x.id, label: `${t(`messaging.channel.${x.channel}`)} · ${x.name} (${x.locale})` }))} />
          {tpl?.channel === 'sms' && (
            <Select data-testid="message-phone" style={{ minWidth: 200 }} placeholder={t('messaging.phone')} value={phoneId} onChange={setPhoneId}
              options={(detail.data?.phones ?? []).map((p) => ({ value: p.id, label: `${p.number} · ${t(`phoneOwner.${p.owner}`, { defaultValue: p.owner })}` }))} />
          )}
          {tpl?.channel === 'email' && <Input data-testid="message-to" style={{ width: 260 }} placeholder={t('messaging.emailTo')} value={to} onChange={(e) => setTo(e.target.value)} />}
          <Button data-testid="message-preview" onClick={doPreview} disabled={!templateId} loading={preview.isPending}>{t('messaging.preview')}</Button>
          {can('contacts.write') && (
            <Button type="primary" data-testid="message-send" onClick={doSend} loading={send.isPending}
              disabled={!shown || blocked || (tpl?.channel === 'sms' ? !phoneId : !to)}>
              {t('messaging.send')}
            </Button>
          )}
        </Space>
        {preview.error && <ApiErrorAlert error={preview.error} />}
        {shown && (
          <div style={{ marginTop: 12 }} data-testid="message-preview-text">
            {shown.check.decision !== 'allow' && (
              <Alert type={blocked ? 'error' : 'warning'} showIcon data-testid="message-check" style={{ marginBottom: 8 }}
                message={t(blocked ? 'messaging.blocked' : 'messaging.warned')}
                description={shown.check.reasons.map((r) => r.message).join('; ')} />
            )}
            {shown.subject && <Typography.Text strong>{shown.subject}</Typography.Text>}
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{shown.body}</Typography.Paragraph>
            {shown.masked && <Typography.Text type="secondary">{t('messaging.maskedNote')}</Typography.Text>}
          </div>
        )}
      </Card>
      <Table<MessageItem> size="small" rowKey="id" data-testid="message-history" loading={history.isLoading} dataSource={history.data ?? []} pagination={false}
        columns={[
          { title: t('messaging.time'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, i18n.language) },
          { title: t('messaging.channelLabel'), dataIndex: 'channel', render: (v: string) => t(`messaging.channel.${v}`) },
          { title: t('messaging.template'), dataIndex: 'templateName' },
          { title: t('messaging.target'), dataIndex: 'target' },
          { title: t('common.status'), dataIndex: 'status', render: (v: string, r) => <Tag color={STATUS_COLOR[v]} title={r.error ?? undefined}>{t(`messaging.status.${v}`)}</Tag> },
          { title: t('messaging.by'), dataIndex: 'createdBy' },
        ]} />
    </Space>
  );
}
