/**
 * The case's phones with their status and, from the compliance gate, whether each may be called now
 * (allow / warn / block with reasons) and when it next may; plus SMS, e-mail and visit. A call button
 * opens the record form for that phone.
 */
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, ContactabilityItem } from '@recova/contracts';
import { RevealValue } from '../cases/RevealValue';
import { formatDateTime } from '../../shared/format';
import { useContactability } from './api';

/** The allow/warn/block badge of one phone or channel, with the reasons as a tooltip and the next allowed time. */
export function CallableBadge({ item, testId }: { item: ContactabilityItem | undefined; testId: string }) {
  const { t, i18n } = useTranslation();
  if (!item) return <Tag data-testid={testId}>—</Tag>;
  const color = item.decision === 'allow' ? 'green' : item.decision === 'warn' ? 'orange' : 'red';
  const reasons = item.reasons.map((r) => `${r.message} (${r.ruleId})`).join('\n');
  return (
    <Space size={4} orientation="vertical">
      <Tooltip title={reasons ? <span style={{ whiteSpace: 'pre-wrap' }}>{reasons}</span> : undefined}>
        <Tag color={color} data-testid={testId} data-decision={item.decision}>
          {t(`contacts.decision.${item.decision}`)}
        </Tag>
      </Tooltip>
      {item.decision === 'block' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${testId}-next`}>
          {item.nextAllowedAt ? t('contacts.nextAllowed', { at: formatDateTime(item.nextAllowedAt, i18n.language) }) : t('contacts.noNextAllowed')}
        </Typography.Text>
      )}
    </Space>
  );
}

/** `onCall` (users who may record contacts) adds a button per phone that opens the record form for it. */
export function PhonesPanel({ c, onCall }: { c: CaseDetail; onCall?: (phoneId: number) => void }) {
  const { t } = useTranslation();
  const q = useContactability(c.id);
  const byKey = new Map((q.data?.items ?? []).map((i) => [i.key, i]));
  const tr = (ns: string, v: string | null) => (v ? t(`${ns}.${v}`, { defaultValue: v }) : '—');
  const others = (q.data?.items ?? []).filter((i) => !i.key.startsWith('phone:'));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        data-testid="case-phones"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.phones}
        loading={q.isPending}
        columns={[
          { title: t('caseDetail.owner'), dataIndex: 'owner', render: (v: string, r) => (r.contactName ? `${r.contactName}${r.relation ? ` (${tr('relation', r.relation)})` : ''}` : tr('phoneOwner', v)) },
          { title: t('caseDetail.phoneKind'), dataIndex: 'kind', render: (v: string) => tr('phoneKind', v) },
          { title: t('caseDetail.number'), dataIndex: 'number', render: (v: string, r) => <RevealValue caseId={c.id} field="phone" refId={r.id} masked={v} testId={`case-phone-${r.id}`} /> },
          { title: t('common.status'), dataIndex: 'status', render: (v: string, r) => <Tag data-testid={`phone-status-${r.id}`} color={v === 'valid' ? 'green' : v === 'invalid' ? 'red' : 'default'}>{tr('phoneStatus', v)}</Tag> },
          { title: t('contacts.callableNow'), key: 'callable', render: (_: unknown, r) => <CallableBadge item={byKey.get(`phone:${r.id}`)} testId={`phone-callable-${r.id}`} /> },
          ...(onCall
            ? [{
                title: '', key: 'call', width: 80,
                render: (_: unknown, r: CaseDetail['phones'][number]) => <Button size="small" icon={<PhoneOutlined />} data-testid={`phone-call-${r.id}`} onClick={() => onCall(r.id)}>{t('contacts.record')}</Button>,
              }]
            : []),
        ]}
      />
      {others.length > 0 && (
        <Space wrap data-testid="channel-contactability">
          {others.map((i) => (
            <Space key={i.key} size={4}>
              <span>{tr('channel', i.channel)}</span>
              <CallableBadge item={i} testId={`channel-callable-${i.key}`} />
            </Space>
          ))}
        </Space>
      )}
    </Space>
  );
}
