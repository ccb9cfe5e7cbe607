/** Timeline of contact records: every attempt incl. blocked ones (with reasons), promises, annotations. */
import { useState } from 'react';
import { Button, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContactRecordItem } from '@recova/contracts';
import { formatDateTime } from '../../shared/format';
import { formatMoney } from '../../shared/money';
import { ApiErrorAlert } from '../../shared/errors';
import { useAddNote, useContactCodes, useContactRecords } from './api';

function NoteBox({ caseId, recordId }: { caseId: number; recordId: number }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const add = useAddNote(caseId);
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
      <Input size="small" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('contacts.annotate')} data-testid={`record-note-input-${recordId}`} maxLength={4000} />
      <Button size="small" disabled={!text.trim()} loading={add.isPending} data-testid={`record-note-add-${recordId}`} onClick={() => add.mutate({ recordId, body: text.trim() }, { onSuccess: () => setText('') })}>
        {t('contacts.addNote')}
      </Button>
    </Space.Compact>
  );
}

export function ContactTimeline({ caseId }: { caseId: number }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const q = useContactRecords(caseId);
  const codes = useContactCodes();
  const codeLabel = (kind: string, code: string | null) => {
    if (!code) return null;
    const c = (codes.data ?? []).find((x) => x.kind === kind && x.code === code);
    return c ? (locale === 'en-US' ? c.labelEn : c.labelZh) : code;
  };
  if (q.error) return <ApiErrorAlert error={q.error} />;
  if (!q.isPending && !q.data?.length) return <Empty description={t('contacts.noRecords')} />;
  return (
    <List<ContactRecordItem>
      data-testid="contact-timeline"
      loading={q.isPending}
      dataSource={q.data ?? []}
      renderItem={(r) => (
        <List.Item key={r.id} data-testid={`timeline-record-${r.id}`} data-status={r.status}>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{formatDateTime(r.at, locale)}</Typography.Text>
              <Tag>{t(`channel.${r.channel}`, { defaultValue: r.channel })}</Tag>
              {r.direction === 'inbound' && <Tag color="blue">{t('contacts.directions.inbound')}</Tag>}
              {r.status === 'blocked' ? <Tag color="red" data-testid="timeline-blocked">{t('contacts.status.blocked')}</Tag> : <Tag color="green">{t(`contacts.status.${r.status}`, { defaultValue: r.status })}</Tag>}
              {r.overridden && <Tag color="volcano" data-testid="timeline-overridden">{t('contacts.overridden')}</Tag>}
              {r.target && <Typography.Text type="secondary">{r.target}</Typography.Text>}
              <span data-testid="timeline-result">{codeLabel('result', r.resultCode)}</span>
              {r.actionCode && <Typography.Text type="secondary">{codeLabel('action', r.actionCode)}</Typography.Text>}
              <Typography.Text type="secondary">{r.author ?? t(`contacts.source.${r.source}`, { defaultValue: r.source })}</Typography.Text>
            </Space>
            {r.reasons.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="timeline-reasons">
                {r.reasons.map((x, i) => <li key={i}>{x.message} <code>{x.ruleId}</code></li>)}
              </ul>
            )}
            {r.overrideReason && <Typography.Text type="warning">{t('contacts.overrideReason')}: {r.overrideReason}</Typography.Text>}
            {r.promise && (
              <Typography.Text data-testid="timeline-promise">
                {t('contacts.promise')}: {formatMoney(r.promise.amount, r.promise.currency, locale)} · {r.promise.installments.map((i) => i.dueDate).join(', ')} · {t(`contacts.promiseStatus.${r.promise.status}`, { defaultValue: r.promise.status })}
              </Typography.Text>
            )}
            {r.note && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.note}</Typography.Paragraph>}
            {r.notes.map((n) => (
              <Typography.Text key={n.id} type="secondary" data-testid="timeline-annotation">
                ↳ {n.body} — {n.author ?? '—'}, {formatDateTime(n.createdAt, locale)}
              </Typography.Text>
            ))}
            <NoteBox caseId={caseId} recordId={r.id} />
          </Space>
        </List.Item>
      )}
    />
  );
}
