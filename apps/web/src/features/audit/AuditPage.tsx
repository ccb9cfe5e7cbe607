/**
 * 审计日志 / Audit log (issue 3 point 5): filter by user, action (exact or a whole group such as
 * `auth.`), entity + id and date range; newest first; "verify chain" walks the hash chain on the server.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@recova/contracts';
import { actionKey, useAuditActions, useAuditEntries, useVerifyAudit, type AuditFilters } from './api';
import { useUsers } from '../users/api';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';

const ENTITIES = ['user', 'case', 'batch', 'client', 'import', 'settings', 'team', 'audit_log'];

/** Distinct action groups (`auth.`, `case.`) offered before the single actions. */
function groupsOf(actions: string[]): string[] {
  return [...new Set(actions.filter((a) => a.includes('.')).map((a) => `${a.split('.')[0]}.`))].sort();
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const [f, setF] = useState<AuditFilters>({ page: 1, pageSize: 50 });
  const [entityId, setEntityId] = useState('');
  const entries = useAuditEntries(f);
  const actions = useAuditActions();
  const users = useUsers(); // audit.read roles also hold users.read
  const verify = useVerifyAudit();
  const set = (patch: Partial<AuditFilters>) => setF((x) => ({ ...x, ...patch, page: 1 }));
  const label = (a: string) => (a.endsWith('.') ? t('audit.group', { group: t(`audit.groups.${a.slice(0, -1)}`, { defaultValue: a }) }) : t(actionKey(a), { defaultValue: a }));
  const onRange = (r: [Dayjs | null, Dayjs | null] | null) =>
    set({ from: r?.[0] ? r[0].startOf('day').toISOString() : undefined, to: r?.[1] ? r[1].add(1, 'day').startOf('day').toISOString() : undefined });

  const v = verify.data;
  return (
    <Card
      title={t('audit.title')}
      extra={
        <Button data-testid="audit-verify" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('audit.verify')}
        </Button>
      }
    >
      <ApiErrorAlert error={entries.error ?? verify.error} />
      {v && (
        <Alert
          data-testid="audit-verify-result"
          style={{ marginBottom: 12 }}
          type={v.ok ? 'success' : 'error'}
          showIcon
          message={v.ok ? t('audit.intact', { count: v.count, seq: v.head?.seq ?? 0 }) : t('audit.tampered', { problems: v.problemCount, count: v.count })}
          description={
            <>
              {v.head && <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>{`${v.head.seq}:${v.head.hash}`}</Typography.Text>}
              <div>{t('audit.anchorHint')}</div>
              {v.problems.length > 0 && (
                <ul data-testid="audit-problems" style={{ maxHeight: 240, overflow: 'auto', margin: '8px 0 0' }}>
                  {v.problems.map((p, i) => <li key={i}>{`${t(`audit.problem.${p.kind}`, { defaultValue: p.kind })}: ${p.message}`}</li>)}
                </ul>
              )}
            </>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-testid="audit-filter-user" allowClear showSearch optionFilterProp="label" style={{ width: 180 }} placeholder={t('audit.user')}
          disabled={!can('users.read')}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
          onChange={(id?: number) => set({ userId: id })}
        />
        <Select
          data-testid="audit-filter-action" allowClear showSearch style={{ width: 240 }} placeholder={t('audit.action')}
          options={[...groupsOf(actions.data ?? []), ...(actions.data ?? [])].map((a) => ({ value: a, label: `${label(a)} · ${a}` }))}
          optionFilterProp="label"
          onChange={(a?: string) => set({ action: a })}
        />
        <Select
          data-testid="audit-filter-entity" allowClear style={{ width: 140 }} placeholder={t('audit.entity')}
          options={ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`, { defaultValue: e }) }))}
          onChange={(e?: string) => set({ entity: e })}
        />
        <Input.Search
          data-testid="audit-filter-entity-id" allowClear style={{ width: 160 }} placeholder={t('audit.entityId')} value={entityId}
          onChange={(e) => setEntityId(e.target.value)} onSearch={(s) => set({ entityId: s.trim() || undefined })}
        />
        <DatePicker.RangePicker data-testid="audit-filter-range" allowEmpty={[true, true]} onChange={(r) => onRange(r as [Dayjs | null, Dayjs | null] | null)} />
      </Space>
      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={entries.data?.items ?? []}
        onRow={(r) => ({ 'data-testid': `audit-row-${r.seq ?? r.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: f.page, pageSize: f.pageSize, total: entries.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('audit.total', { count: n }),
          onChange: (page, pageSize) => setF((x) => ({ ...x, page: pageSize === x.pageSize ? page : 1, pageSize })),
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.time'), dataIndex: 'at', width: 180, render: (at: string) => formatDateTime(at, i18n.language) },
          { title: t('audit.user'), key: 'user', render: (_: unknown, r) => (r.userId === null ? t('audit.system') : (r.userDisplayName ?? r.username ?? `#${r.userId}`)) },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <span title={a}>{t(actionKey(a), { defaultValue: a })}</span> },
          { title: t('audit.entity'), dataIndex: 'entity', render: (e: string | null) => (e ? t(`audit.entities.${e}`, { defaultValue: e }) : '—') },
          { title: t('audit.entityId'), dataIndex: 'entityId', render: (id: string | null) => id ?? '—' },
          {
            title: t('audit.data'), dataIndex: 'data',
            render: (d: unknown) => (d === null ? '—' : <Typography.Text code ellipsis={{ tooltip: JSON.stringify(d) }} style={{ maxWidth: 360 }}>{JSON.stringify(d)}</Typography.Text>),
          },
        ]}
      />
    </Card>
  );
}
